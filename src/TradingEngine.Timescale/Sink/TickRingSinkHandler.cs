using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Timescale.Sink;

/// <summary>
/// Stores the trade prints of the input ring (ticks are inputs, not outputs) with their source sequence as the
/// watermark; quotes, candles from outside, timers and gaps are not stored here. Same hand-off rules as
/// <see cref="OutputRingSinkHandler"/>.
/// </summary>
public struct TickRingSinkHandler(SinkFeed feed) : IEventHandler<MarketEvent>
{
    private readonly SinkFeed _feed = feed;

    public readonly void OnStart()
    {
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
    {
        if (evt.Kind == MarketEventKind.Tick)
            _feed.Add(evt.Tick, evt.SourceSequence);
        if (endOfBatch)
            _feed.Publish();
    }

    public readonly void OnTimeout(long sequence) => _feed.Publish();

    public readonly void OnShutdown() => _feed.Publish(force: true);
}
