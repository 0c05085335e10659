using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Hosting;

/// <summary>
/// The host's replay driver (<see cref="EngineHost.InMemory{TSink}"/>): the engine's executors, each behind its own
/// <see cref="InMemoryDriver{TSink}"/>, fed on the caller's thread by the symbol → executor table the live host routes
/// its input rings by (<see cref="EngineSet.SymbolRoutes"/>). Each executor sees exactly the events its input ring would
/// see live, in input order, and keeps its own state (source sequence, counters), as on its ring thread.
/// <para>
/// A batch is cut where the input passes to another executor's symbols, so every output follows its event in input order
/// (one thread: the output order is a function of the input, the replay hash is exact). An event of a symbol no
/// executor owns goes to none and is counted (<see cref="Unrouted"/>); with one executor it reaches that executor, which
/// counts it as an unknown symbol, as before the table existed (both are the summary's "not selected").
/// </para>
/// </summary>
public sealed class InMemoryEngineDriver<TSink>
    where TSink : struct, IOutputSink
{
    private readonly EngineSet _engines;
    private readonly InMemoryDriver<TSink>[] _drivers;

    internal InMemoryEngineDriver(EngineSet engines, Func<ExecutorInstance, TSink> sinkOf)
    {
        _engines = engines;
        _drivers = engines.Executors.Select(e => new InMemoryDriver<TSink>(e.Executor, sinkOf(e))).ToArray();
    }

    /// <summary>The engine driven.</summary>
    public EngineSet Engines => _engines;

    /// <summary>Events of a symbol no executor owns (with several executors), left out and counted.</summary>
    public long Unrouted { get; private set; }

    /// <summary>
    /// Hands <paramref name="events"/> to their executors in order: each run of consecutive events of one executor as
    /// one batch (then end of batch), as that executor's ring would deliver them.
    /// </summary>
    public void Feed(ReadOnlySpan<MarketEvent> events)
    {
        if (_drivers.Length == 1)
        {
            _drivers[0].Feed(events);
            return;
        }
        var start = 0;
        while (start < events.Length)
        {
            var executor = _engines.ExecutorIndexOf(events[start].Symbol);
            if (executor < 0)
            {
                Unrouted++;
                start++;
                continue;
            }
            var end = start + 1;
            while (end < events.Length && _engines.ExecutorIndexOf(events[end].Symbol) == executor)
                end++;
            _drivers[executor].Feed(events[start..end]);
            start = end;
        }
    }

    /// <summary>
    /// The input has ended: every executor, in engine order, closes its forming candles (marked end of data) and its
    /// nodes see them (<see cref="InMemoryDriver{TSink}.EndOfData"/>). Replay only: the live host never ends its input.
    /// </summary>
    public void EndOfData()
    {
        foreach (var driver in _drivers)
            driver.EndOfData();
    }

    /// <summary>Node failures of every executor so far.</summary>
    public long NodeFailures => _drivers.Sum(d => d.Executor.Counters.Sample().NodeFailures);
}
