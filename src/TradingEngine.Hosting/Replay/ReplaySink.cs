using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Replay;

/// <summary>The executor's output sink during a replay: every output goes into <see cref="ReplayOutputs"/>.</summary>
public readonly struct ReplaySink(ReplayOutputs outputs) : IOutputSink
{
    public void OnNodeOutput(in NodeOutput output) => outputs.OnNodeOutput(in output);

    public void OnMessage(in OutputMessage message) => outputs.OnMessage(in message);

    public void OnCandleClosed(in Candle candle, long sourceSequence)
    {
        // no source sequence: the replay hash (a published fingerprint, e.g. ReplayCommandTests) stays what it was
        var m = new OutputMessage { Kind = MessageType.Candle, NodeId = -1 };
        m.Candle = candle;
        outputs.OnMessage(in m);
    }

    public void OnEndOfBatch()
    {
    }
}
