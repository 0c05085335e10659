using TradingEngine.Hosting;
using TradingEngine.Types;

namespace TradingEngine.Tests.Support;

/// <summary>Publishes a list into the host's input rings by the symbol → ring table, as the NATS sources do.</summary>
internal sealed class ListInputSource(IReadOnlyList<MarketEvent> events) : IInputSource
{
    public string Name => "list";

    public Task StartAsync(InputRings rings, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            var ring = rings.Routes[rings.Routes.IndexOf(e.Symbol.Value)];
            var sequence = ring.Next();
            ring[sequence] = e;
            ring.Publish(sequence);
        }
        return Task.CompletedTask;
    }

    public ValueTask StopAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
