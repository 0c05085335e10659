using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// Runs the pipelines of several symbols on one thread: routes each event to its symbol's
/// <see cref="SymbolPipeline"/> and keeps the operations counters. The same object serves the live
/// ring consumer (<see cref="ExecutorRingHandler{TSink}"/>) and in-memory replay
/// (<see cref="InMemoryDriver{TSink}"/>), so live and replay share every line of engine code.
/// </summary>
public sealed class SymbolExecutor
{
    private readonly SymbolPipeline?[] _bySymbol;
    private readonly SymbolPipeline[] _pipelines;

    /// <summary>Owns <paramref name="pipelines"/> (one per symbol).</summary>
    public SymbolExecutor(IEnumerable<SymbolPipeline> pipelines)
    {
        _pipelines = pipelines.ToArray();
        var max = _pipelines.Length == 0 ? 0 : _pipelines.Max(p => p.Symbol.Value);
        _bySymbol = new SymbolPipeline?[max + 1];
        foreach (var p in _pipelines)
        {
            if (_bySymbol[p.Symbol.Value] is not null)
                throw new ArgumentException($"symbol {p.Symbol} has two pipelines in one executor", nameof(pipelines));
            _bySymbol[p.Symbol.Value] = p;
            p.Dag.FailureObserver = OnNodeFailure;
        }
    }

    /// <summary>The symbols' pipelines, in the order given.</summary>
    public IReadOnlyList<SymbolPipeline> Pipelines => _pipelines;

    /// <summary>Operations counters (read them from any thread via <see cref="ExecutorCounters.Sample"/>).</summary>
    public ExecutorCounters Counters { get; } = new();

    /// <summary>
    /// Tick → output latency sampling of the live ring handler (<see cref="ExecutorRingHandler{TSink}"/> reads it when
    /// it is built): null, the default, samples nothing; the metrics endpoint sets one before the host starts.
    /// </summary>
    public OutputLatencySampler? OutputLatency { get; set; }

    /// <summary>Receives node failures and event failures as log lines (executor thread; keep it short).</summary>
    public Action<string>? ErrorLog { get; set; }

    /// <summary>How many lines <see cref="EventFailureExamples"/> and <see cref="NodeFailureExamples"/> keep.</summary>
    public const int FailureExampleCount = 3;

    private readonly List<string> _eventFailureExamples = new(FailureExampleCount);
    private readonly List<string> _nodeFailureExamples = new(FailureExampleCount);

    /// <summary>The first events the executor refused (kind, source sequence, symbol, time, the error), for a summary: read once the executor has stopped.</summary>
    public IReadOnlyList<string> EventFailureExamples => _eventFailureExamples;

    /// <summary>The first node failures (node, event, the error), for a summary: read once the executor has stopped.</summary>
    public IReadOnlyList<string> NodeFailureExamples => _nodeFailureExamples;

    /// <summary>The pipeline of <paramref name="symbol"/>, or null.</summary>
    public SymbolPipeline? Find(SymbolId symbol) =>
        (uint)symbol.Value < (uint)_bySymbol.Length ? _bySymbol[symbol.Value] : null;

    /// <summary>
    /// The last non-zero source (JetStream stream) sequence among the events this executor processed. An event that
    /// carries none (a live-clock timer, a gap event) runs as if it had this one, so its outputs get ids that follow the
    /// executor's order (<c>metadata.source_sequence</c>, the output marks, the sink's watermark) instead of 0. A
    /// recovery that restores a snapshot sets it to the snapshot's; 0 until a sourced event (core NATS: always 0).
    /// </summary>
    public long LastSourceSequence { get; set; }

    /// <summary>
    /// Processes one event of any owned symbol; events of other symbols are counted (unknown symbol) and ignored. Every
    /// executor has an input ring of its own (the host routes by symbol), so a foreign symbol is a fault, never routine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent<TSink>(in MarketEvent e, ref TSink sink)
        where TSink : struct, IOutputSink
    {
        var pipeline = Route(in e);
        if (pipeline is null)
            return;
        try
        {
            Process(pipeline, in e, ref sink);
        }
        catch (Exception ex)
        {
            // Node exceptions are handled inside the DAG; this is the aggregation rejecting an input
            // (e.g. a precision that is not the instrument's): count it, skip the event, go on.
            OnEventFailure(in e, ex);
        }
    }

    /// <summary>
    /// Processes <paramref name="events"/> in order, each exactly as <see cref="OnEvent{TSink}"/> would (unknown
    /// symbols counted, an event the aggregation rejects counted and skipped), with one exception frame for the run
    /// instead of one per event: the from-memory path of replay and backtests.
    /// </summary>
    public void OnEvents<TSink>(ReadOnlySpan<MarketEvent> events, ref TSink sink)
        where TSink : struct, IOutputSink
    {
        var i = 0;
        while (i < events.Length)
        {
            try
            {
                for (; i < events.Length; i++)
                {
                    ref readonly var e = ref events[i];
                    if (Route(in e) is { } pipeline)
                        Process(pipeline, in e, ref sink);
                }
            }
            catch (Exception ex)
            {
                OnEventFailure(in events[i], ex);
                i++;
            }
        }
    }

    /// <summary>
    /// End of a replay's input: every owned symbol closes its forming candles (<see cref="SymbolPipeline.OnEndOfData{TSink}"/>),
    /// in the order the pipelines were given. An explicit event of <c>te replay</c>, never of the live engine, a warm-up or
    /// a recovery replay (their candles are still forming).
    /// </summary>
    public void OnEndOfData<TSink>(ref TSink sink)
        where TSink : struct, IOutputSink
    {
        foreach (var p in _pipelines)
            p.OnEndOfData(ref sink);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Process<TSink>(SymbolPipeline pipeline, in MarketEvent e, ref TSink sink)
        where TSink : struct, IOutputSink
    {
        if (e.SourceSequence != 0)
            LastSourceSequence = e.SourceSequence;
        else if (LastSourceSequence != 0)
        {
            ProcessUnsourced(pipeline, in e, ref sink);
            return;
        }
        pipeline.OnEvent(in e, ref sink);
    }

    // a timer or gap event after sourced ones: it runs at the last source sequence (a copy of the event, on this rare path)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ProcessUnsourced<TSink>(SymbolPipeline pipeline, in MarketEvent e, ref TSink sink)
        where TSink : struct, IOutputSink
    {
        var stamped = e;
        stamped.SourceSequence = LastSourceSequence;
        pipeline.OnEvent(in stamped, ref sink);
    }

    // The event's pipeline, its event counted; null (and counted as unknown) for a symbol this executor does not own.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private SymbolPipeline? Route(in MarketEvent e)
    {
        var index = (uint)e.Symbol.Value;
        var pipeline = index < (uint)_bySymbol.Length ? _bySymbol[index] : null;
        if (pipeline is null)
        {
            OnUnknownSymbol(in e);
            return null;
        }
        Count(in e);
        return pipeline;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(in MarketEvent e)
    {
        var counters = Counters;
        counters.EventsField++;
        switch (e.Kind)
        {
            case MarketEventKind.Tick: counters.TicksField++; break;
            case MarketEventKind.Quote: counters.QuotesField++; break;
            case MarketEventKind.Candle: counters.CandlesField++; break;
            case MarketEventKind.Timer: counters.TimersField++; break;
            case MarketEventKind.Gap:
                counters.GapsField++;
                counters.LostMessagesField += e.Gap.LostCount;
                break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnUnknownSymbol(in MarketEvent e)
    {
        if (e.Kind == MarketEventKind.Skip)
        {
            // a slot the ingestion claimed for a message it then rejected (symbol None, so it lands here, off the hot path)
            Counters.SkipMarkersField++;
            return;
        }
        Count(in e);
        Counters.UnknownSymbolsField++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnEventFailure(in MarketEvent e, Exception ex)
    {
        Counters.EventFailuresField++;
        var line = $"event {e.Kind} seq {e.SourceSequence} of {e.Symbol} at {UtcNanos.ToIso8601(e.EventTime)} failed: {ex.GetType().Name}: {ex.Message}";
        if (_eventFailureExamples.Count < FailureExampleCount)
            _eventFailureExamples.Add(line);
        ErrorLog?.Invoke(line);
    }

    private void OnNodeFailure(NodeFailure failure)
    {
        Counters.NodeFailuresField++;
        if (_nodeFailureExamples.Count >= FailureExampleCount && ErrorLog is null)
            return;
        var line = failure.ToString();
        if (_nodeFailureExamples.Count < FailureExampleCount)
            _nodeFailureExamples.Add(line);
        ErrorLog?.Invoke(line);
    }
}
