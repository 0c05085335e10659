using TradingEngine.Nats;

namespace TradingEngine.Hosting.Consumers;

/// <summary>The NATS publisher (internal binary, public JSON) on its own thread of the output ring.</summary>
internal sealed class NatsPublisherConsumer(OutputPublisher publisher) : IOutputConsumer
{
    public string Name => "nats publisher";

    public OutputPublisher Publisher => publisher;

    /// <summary>
    /// Drop: a stalled or unreachable NATS server (the internal one stopped) must not stop the executors or the database
    /// sink; what the publisher could not take while a whole ring behind is counted in the summary
    /// (<c>outputs dropped: nats publisher N</c>), and in no-loss mode a restart with <c>--recover</c> republishes
    /// after the durable output mark.
    /// </summary>
    public OutputOverflow Overflow => OutputOverflow.Drop;

    public void Attach(OutputAttachment attachment) => attachment.Output.Add(new NatsOutputHandler(publisher), attachment.Thread("publisher"));

    // the connections close after the rings drained (the engine owns them); nothing is held here
    public ValueTask StopAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
