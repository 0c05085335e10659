using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// The output sink of a replay whose outputs must not leave the process: recovery's journal tail (the crashed run
/// already published them) and warm-up (they describe the past). Counts what it drops, for the start-up report.
/// </summary>
internal struct DiscardSink : IOutputSink
{
    public long Dropped { get; private set; }

    public void OnNodeOutput(in NodeOutput output) => Dropped++;

    public void OnMessage(in OutputMessage message) => Dropped++;

    public void OnCandleClosed(in Candle candle, long sourceSequence) => Dropped++;

    public readonly void OnEndOfBatch()
    {
    }
}
