using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>Counts and hashes what a pipeline outputs; allocation-free so it can sit in the zero-allocation test.</summary>
internal struct TestSink : IOutputSink
{
    public long Outputs;
    public long Candles;
    public long Messages;
    public long Batches;
    public ulong Hash;

    public void OnNodeOutput(in NodeOutput output)
    {
        Outputs++;
        Mix((ulong)output.Step);
        Mix((ulong)output.Port);
        Mix((ulong)output.Raw);
        Mix((ulong)output.EventTime);
    }

    public void OnMessage(in OutputMessage message)
    {
        Messages++;
        Mix((ulong)message.Kind);
        Mix((ulong)message.NodeId);
    }

    public void OnCandleClosed(in Candle candle, long sourceSequence)
    {
        Candles++;
        Mix((ulong)candle.OpenTime);
        Mix((ulong)candle.CloseRaw);
        Mix((ulong)candle.VolumeRaw);
    }

    public void OnEndOfBatch() => Batches++;

    private void Mix(ulong value) => Hash = unchecked((Hash ^ value) * 1099511628211UL + 14695981039346656037UL);
}
