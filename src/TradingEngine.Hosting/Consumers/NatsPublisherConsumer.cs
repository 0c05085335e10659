using TradingEngine.Nats;

namespace TradingEngine.Hosting.Consumers;

/// <summary>The NATS publisher (internal binary, public JSON) on its own thread of the output ring.</summary>
public sealed class NatsPublisherConsumer(OutputPublisher publisher) : IOutputConsumer
{
    public string Name => "nats publisher";

    public OutputPublisher Publisher => publisher;

    public void Attach(OutputAttachment attachment) => attachment.Output.Add(new NatsOutputHandler(publisher), attachment.Thread("publisher"));

    // the connections close after the rings drained (the engine owns them); nothing is held here
    public ValueTask StopAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
