using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// Where a symbol pipeline puts what it produces. Implement it on a struct and pass it as a generic
/// argument so the calls are direct (the output-ring publisher, an in-memory collector in tests,
/// a hashing sink for replay comparisons).
/// </summary>
public interface IOutputSink
{
    /// <summary>A published node output changed in this event.</summary>
    void OnNodeOutput(in NodeOutput output);

    /// <summary>A node emitted a typed catalog message (<see cref="NodeContext.Emit{TMessage}"/>).</summary>
    void OnMessage(in OutputMessage message);

    /// <summary>
    /// A candle closed (aggregated or external); <paramref name="sourceSequence"/> is the source sequence of the event
    /// that closed it, the same one the node outputs of that event carry (the sink's watermark).
    /// </summary>
    void OnCandleClosed(in Candle candle, long sourceSequence);

    /// <summary>The executor reached the end of a ring batch: a good moment to flush.</summary>
    void OnEndOfBatch();
}
