using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Replay;

/// <summary>
/// Collects, for a replay's summary, every reason an input event was refused or left out: the executor's counters
/// (events of symbols not selected, events the aggregation refused, node failures) with its first failures, and each
/// symbol's candle aggregation (outside the session, late, filtered, external candles no series reads).
/// </summary>
public sealed class ReplayDiagnostics
{
    private const int Examples = 3;

    private readonly SymbolExecutor[] _executors;
    private readonly SymbolRegistry _symbols;
    private readonly List<string> _unselected = [];
    private readonly HashSet<SymbolId> _unselectedSymbols = [];
    private long _journalWide;

    /// <summary>Reads <paramref name="executor"/>'s counters and first failures once it has run.</summary>
    public ReplayDiagnostics(SymbolExecutor executor, SymbolRegistry symbols)
        : this([executor], symbols)
    {
    }

    /// <summary>Reads the counters and first failures of every executor of <paramref name="engines"/> once they have run.</summary>
    public ReplayDiagnostics(EngineSet engines, SymbolRegistry symbols)
        : this(engines.Executors.Select(e => e.Executor).ToArray(), symbols)
    {
    }

    private ReplayDiagnostics(SymbolExecutor[] executors, SymbolRegistry symbols)
    {
        _executors = executors;
        _symbols = symbols;
    }

    /// <summary>Called for every input event before the executor sees it (cold unless the symbol is not selected).</summary>
    public void Observe(in MarketEvent e)
    {
        if (Owned(e.Symbol))
            return;
        if (e.Symbol.Value == 0)
        {
            // a journal-wide gap (a hole te journal repair recorded): no symbol owns it, the summary's warning names it
            _journalWide++;
            return;
        }
        if (_unselected.Count < Examples && _unselectedSymbols.Add(e.Symbol))
            _unselected.Add($"{UtcNanos.ToIso8601(e.EventTime)} {_symbols.NameOf(e.Symbol)}");
    }

    private bool Owned(SymbolId symbol)
    {
        foreach (var executor in _executors)
        {
            if (executor.Find(symbol) is not null)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Every reason with a non-zero count (events outside --from/--to are the summary's own count).
    /// <paramref name="unrouted"/>: events the driver handed to no executor (<see cref="InMemoryEngineDriver{TSink}.Unrouted"/>).
    /// </summary>
    public IReadOnlyList<ReplayDrop> Drops(long unrouted = 0)
    {
        long unknown = unrouted, eventFailures = 0, nodeFailures = 0;
        foreach (var executor in _executors)
        {
            var sample = executor.Counters.Sample();
            unknown += sample.UnknownSymbols;
            eventFailures += sample.EventFailures;
            nodeFailures += sample.NodeFailures;
        }
        var drops = new List<ReplayDrop>();
        var unselected = unknown - _journalWide;
        if (unselected > 0)
            drops.Add(new ReplayDrop("not selected (a symbol --symbols/--config does not own)", unselected, _unselected, Refused: true));
        if (eventFailures > 0)
            drops.Add(new ReplayDrop("refused by the aggregation (precision other than the instrument's)", eventFailures, FirstExamples(e => e.EventFailureExamples), Refused: true));
        if (nodeFailures > 0)
            drops.Add(new ReplayDrop("node failure", nodeFailures, FirstExamples(e => e.NodeFailureExamples), Refused: false));
        long outside = 0, late = 0, filtered = 0, ignored = 0, clockLate = 0;
        var outsideExamples = new List<string>();
        foreach (var pipeline in _executors.SelectMany(e => e.Pipelines))
        {
            var a = pipeline.Aggregator;
            outside += a.OutsideSessionEvents;
            late += a.LateInputs;
            clockLate += a.ClockLateEvents;
            filtered += a.FilteredTicks;
            ignored += a.IgnoredExternalCandles;
            foreach (var time in a.OutsideSessionExamples)
                if (outsideExamples.Count < Examples)
                    outsideExamples.Add($"{UtcNanos.ToIso8601(time)} {_symbols.NameOf(pipeline.Symbol)}");
        }
        if (outside > 0)
            drops.Add(new ReplayDrop($"outside session (in no candle of the pipeline's session)", outside, outsideExamples, Refused: false));
        if (late > 0)
            drops.Add(new ReplayDrop("out of order (older than a closed candle, once per series)", late, [], Refused: false));
        if (clockLate > 0)
            drops.Add(new ReplayDrop("late after the live clock closed their candle (journaled timers; once per event, also in out of order)", clockLate, [], Refused: false));
        if (filtered > 0)
            drops.Add(new ReplayDrop("filtered (suspicious prints)", filtered, [], Refused: false));
        if (ignored > 0)
            drops.Add(new ReplayDrop("external candles no series reads (not closed, or a timeframe without @ext)", ignored, [], Refused: false));
        return drops;
    }

    // the first examples of every executor, executor by executor (one executor: its own, as it recorded them)
    private List<string> FirstExamples(Func<SymbolExecutor, IReadOnlyList<string>> of) =>
        _executors.SelectMany(of).Take(Examples).ToList();
}
