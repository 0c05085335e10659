using System.Buffers;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// Everything one symbol runs: its candle aggregation and its DAG instance. One event in, candle
/// closes and node outputs out to an <see cref="IOutputSink"/>. Not thread-safe by design: exactly one
/// thread (the symbol's executor, or a test/replay driver) owns it.
/// </summary>
public sealed class SymbolPipeline
{
    /// <summary>Builds aggregation and nodes of <paramref name="dag"/> for <paramref name="symbol"/>.</summary>
    /// <param name="dag">The compiled pipeline (shared between symbols).</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="pricePrecision">Instrument price precision (every tick must carry it).</param>
    /// <param name="sizePrecision">Instrument size precision.</param>
    /// <param name="filter">Which prints count toward candles; the aggregation's default when null.</param>
    public SymbolPipeline(CompiledDag dag, SymbolId symbol, byte pricePrecision, byte sizePrecision, TickFilter? filter = null)
    {
        Symbol = symbol;
        Aggregator = new CandleAggregator(symbol, dag.Timeframes, SessionCalendars.From(dag.Pipeline.Session), pricePrecision, sizePrecision, filter,
            dag.Pipeline.CandleLateness);
        Candles = new CandleBoard(Aggregator);
        Dag = new DagInstance(dag, symbol, Candles);
    }

    /// <summary>The symbol.</summary>
    public SymbolId Symbol { get; }

    /// <summary>The candle aggregation.</summary>
    public CandleAggregator Aggregator { get; }

    /// <summary>Candles as nodes see them.</summary>
    public CandleBoard Candles { get; }

    /// <summary>The node states and value board.</summary>
    public DagInstance Dag { get; }

    /// <summary>
    /// Processes one event: aggregation first (closes, then the forming update), then one DAG walk over
    /// every step reachable from what the event fired; outputs go to <paramref name="sink"/>.
    /// </summary>
    public void OnEvent<TSink>(in MarketEvent e, ref TSink sink)
        where TSink : struct, IOutputSink
    {
        var dag = Dag;
        if (e.Kind == MarketEventKind.Tick)
        {
            // a symbol's usual event, on its own path: one test of the kind instead of one per stage
            dag.BeginTick(in e);
            var trade = new PipelineCandleSink<TSink> { Dag = dag, Sink = sink, SourceSequence = e.SourceSequence };
            Aggregator.OnTick(in e.Tick, ref trade);
            sink = trade.Sink;
            dag.FireCandles(trade.Updated, trade.Closed);
            dag.Execute(ref sink);
            return;
        }
        dag.BeginEvent(in e);
        switch (e.Kind)
        {
            case MarketEventKind.Timer:
                Aggregate(in e, ref sink);
                break;
            case MarketEventKind.Candle:
                var index = Candles.ExternalIndexOf(e.Candle.Timeframe);
                if (index >= 0)
                {
                    Candles.SetExternal(index, in e.Candle);
                    dag.Fire(EventSourceKind.ExternalCandle, index);
                }
                Aggregate(in e, ref sink);
                break;
        }
        dag.Execute(ref sink);
    }

    /// <summary>
    /// The replay's input has ended (<c>te replay</c> only): the aggregation closes every forming candle, marked
    /// <see cref="CandleFlags.EndOfData"/>, and one DAG walk lets downstream nodes see those closes. The walk belongs to
    /// the symbol's last event (its time and source sequence), as the closes do; a symbol that saw no event has nothing
    /// forming and nothing runs.
    /// </summary>
    public void OnEndOfData<TSink>(ref TSink sink)
        where TSink : struct, IOutputSink
    {
        var bridge = new PipelineCandleSink<TSink> { Dag = Dag, Sink = sink };
        Aggregator.OnEndOfData(ref bridge);
        sink = bridge.Sink;
        if (bridge.Closed == 0)
            return;
        Dag.FireCandles(0, bridge.Closed);
        Dag.Execute(ref sink);
    }

    private void Aggregate<TSink>(in MarketEvent e, ref TSink sink)
        where TSink : struct, IOutputSink
    {
        var bridge = new PipelineCandleSink<TSink> { Dag = Dag, Sink = sink, SourceSequence = e.SourceSequence };
        Aggregator.OnEvent(in e, ref bridge);
        sink = bridge.Sink;
        Dag.FireCandles(bridge.Updated, bridge.Closed);
    }

    /// <summary>
    /// Writes the symbol's whole state (aggregation, external candles, node states, value board) as a
    /// versioned binary snapshot; restoring it and replaying the journal from the next event
    /// reproduces the uninterrupted run bit for bit.
    /// </summary>
    public void WriteSnapshot(IBufferWriter<byte> output) => State.PipelineSnapshot.Write(Dag, output);

    /// <summary>Restores a snapshot written by <see cref="WriteSnapshot"/> into this freshly built pipeline.</summary>
    public void RestoreSnapshot(ReadOnlySpan<byte> snapshot) => State.PipelineSnapshot.Restore(Dag, snapshot);
}
