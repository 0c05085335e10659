using System.Runtime.CompilerServices;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// Bridges the aggregator's reports to the DAG and to the output sink (closed candles): records which timeframes'
/// candles were updated and closed, which <see cref="SymbolPipeline"/> then fires into the DAG at once
/// (<see cref="DagInstance.FireCandles"/>: a trade that updates every forming candle is one OR). Holds the output
/// sink by value: <see cref="SymbolPipeline"/> copies it in and back out around the aggregator call, because a
/// struct field cannot hold a <c>ref</c>.
/// </summary>
internal struct PipelineCandleSink<TSink> : ICandleSink
    where TSink : struct, IOutputSink
{
    public DagInstance Dag;
    public TSink Sink;
    /// <summary>The source sequence of the event being aggregated: closed candles carry it.</summary>
    public long SourceSequence;
    public ulong Updated;
    public ulong Closed;

    // Timeframes past the 64th (a mask's width) are fired one by one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnCandleUpdated(int spec, in Candle candle)
    {
        if (spec < 64)
            Updated |= 1UL << spec;
        else
            Dag.Fire(EventSourceKind.CandleUpdate, spec);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnCandleClosed(int spec, in Candle candle)
    {
        if (spec < 64)
            Closed |= 1UL << spec;
        else
            Dag.Fire(EventSourceKind.CandleClose, spec);
        Sink.OnCandleClosed(in candle, SourceSequence);
    }
}
