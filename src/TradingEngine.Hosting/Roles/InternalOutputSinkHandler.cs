using TradingEngine.Ring;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Roles;

/// <summary>
/// The standalone sink's handler for the internal subjects: one symbol's outputs come from two producers there — an
/// executor's, numbered by stream sequence, and the aggregator's candles, from core NATS input with source sequence 0 —
/// and a feed's watermark needs one non-decreasing sequence per symbol. So each goes to a feed of its own: sequenced
/// outputs to <c>sequenced</c>, the rest to <c>unsequenced</c>. (One feed for both dropped every candle after the first
/// executor output as a sequence going backwards: the sink stored 2 candle rows of 80 in ScaleBySymbolClusterTests.)
/// </summary>
internal struct InternalOutputSinkHandler(SinkFeed sequenced, SinkFeed unsequenced) : IEventHandler<OutputMessage>
{
    private readonly SinkFeed _sequenced = sequenced;
    private readonly SinkFeed _unsequenced = unsequenced;

    public readonly void OnStart()
    {
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnEvent(ref OutputMessage evt, long sequence, bool endOfBatch)
    {
        (evt.SourceSequence > 0 ? _sequenced : _unsequenced).Add(evt);
        if (endOfBatch)
            Publish(force: false);
    }

    public readonly void OnTimeout(long sequence) => Publish(force: false);

    public readonly void OnShutdown() => Publish(force: true);

    private readonly void Publish(bool force)
    {
        _sequenced.Publish(force);
        _unsequenced.Publish(force);
    }
}
