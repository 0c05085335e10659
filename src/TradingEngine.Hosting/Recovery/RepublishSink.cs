using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// The output sink of a recovery's journal replay in JetStream mode: the outputs of events after the durable output mark
/// (<see cref="OutputMarkWriter"/>) are published again, since the crashed run may have lost them (in its output ring, in the
/// client's write buffer, or of events it journaled but never ran); those up to the mark reached the server and are only
/// numbered (<see cref="OutputPublisher.Skip"/>), so every output keeps the id the live run gave it.
/// </summary>
internal struct RepublishSink : IOutputSink
{
    private readonly OutputPublisher _publisher;
    private readonly long _publishedThrough;
    private OutputMessage _slot;

    /// <param name="publisher">the live engine's publisher (used here before its ring thread starts).</param>
    /// <param name="publishedThrough">the executor's mark: every output of its events up to this source sequence was published.</param>
    public RepublishSink(OutputPublisher publisher, long publishedThrough)
    {
        _publisher = publisher;
        _publishedThrough = publishedThrough;
    }

    /// <summary>Outputs published again.</summary>
    public long Republished { get; private set; }

    /// <summary>Outputs the mark says were published (numbered, not sent).</summary>
    public long Suppressed { get; private set; }

    public void OnNodeOutput(in NodeOutput output)
    {
        output.WriteNodeValue(ref _slot);
        OnMessage(in _slot);
    }

    public void OnMessage(in OutputMessage message)
    {
        if (message.SourceSequence > _publishedThrough)
        {
            _publisher.Publish(in message);
            Republished++;
        }
        else
        {
            _publisher.Skip(in message);
            Suppressed++;
        }
    }

    public void OnCandleClosed(in Candle candle, long sourceSequence)
    {
        OutputRingSink.WriteCandle(ref _slot, in candle, sourceSequence);
        OnMessage(in _slot);
    }

    public readonly void OnEndOfBatch()
    {
    }
}
