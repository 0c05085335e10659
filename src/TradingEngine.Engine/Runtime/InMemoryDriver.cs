using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// Feeds <see cref="MarketEvent"/>s to a <see cref="SymbolExecutor"/> directly, without a ring: for
/// tests, replay and backtests. Calls exactly what the ring handler calls, with the same batch ends.
/// </summary>
public sealed class InMemoryDriver<TSink>
    where TSink : struct, IOutputSink
{
    private TSink _sink;

    /// <summary>Drives <paramref name="executor"/>, writing to <paramref name="sink"/>.</summary>
    public InMemoryDriver(SymbolExecutor executor, TSink sink)
    {
        Executor = executor;
        _sink = sink;
    }

    /// <summary>The executor.</summary>
    public SymbolExecutor Executor { get; }

    /// <summary>The sink, by reference (read what a collecting sink gathered).</summary>
    public ref TSink Sink => ref _sink;

    /// <summary>Processes one event.</summary>
    public void Feed(in MarketEvent e) => Executor.OnEvent(in e, ref _sink);

    /// <summary>Processes <paramref name="events"/> as one batch, then signals end of batch.</summary>
    public void Feed(ReadOnlySpan<MarketEvent> events)
    {
        Executor.OnEvents(events, ref _sink);
        _sink.OnEndOfBatch();
        Executor.Counters.BatchesField++;
    }

    /// <summary>The input has ended (a replay's last event was fed): forming candles close, marked end of data; then end of batch.</summary>
    public void EndOfData()
    {
        Executor.OnEndOfData(ref _sink);
        _sink.OnEndOfBatch();
    }
}
