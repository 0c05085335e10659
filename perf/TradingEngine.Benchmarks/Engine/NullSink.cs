using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.Engine;

/// <summary>A sink that only counts, so benchmarks measure the engine and not an output path.</summary>
public struct NullSink : IOutputSink
{
    public long Count;

    public void OnNodeOutput(in NodeOutput output) => Count++;

    public void OnMessage(in OutputMessage message) => Count++;

    public void OnCandleClosed(in Candle candle, long sourceSequence) => Count++;

    public readonly void OnEndOfBatch()
    {
    }
}
