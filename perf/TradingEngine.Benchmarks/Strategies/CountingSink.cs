using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.Strategies;

/// <summary>Counts what a pipeline emits; allocation-free.</summary>
internal struct CountingSink : IOutputSink
{
    public long Outputs;
    public long Messages;
    public long Candles;

    public void OnNodeOutput(in NodeOutput output) => Outputs++;

    public void OnMessage(in OutputMessage message) => Messages++;

    public void OnCandleClosed(in Candle candle, long sourceSequence) => Candles++;

    public readonly void OnEndOfBatch()
    {
    }
}
