using System.Runtime.CompilerServices;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.Runtime;

/// <summary>
/// Bridges the aggregator's reports to the DAG (fires candle close/update sources) and to the output
/// sink (closed candles). Holds the output sink by value: <see cref="SymbolPipeline"/> copies it in
/// and back out around the aggregator call, because a struct field cannot hold a <c>ref</c>.
/// </summary>
internal struct PipelineCandleSink<TSink> : ICandleSink
    where TSink : struct, IOutputSink
{
    public DagInstance Dag;
    public TSink Sink;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void OnCandleUpdated(int spec, in Candle candle) => Dag.Fire(EventSourceKind.CandleUpdate, spec);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnCandleClosed(int spec, in Candle candle)
    {
        Dag.Fire(EventSourceKind.CandleClose, spec);
        Sink.OnCandleClosed(in candle);
    }
}
