using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Timescale.Sink;

/// <summary>
/// Plugs the sink into the engine's output ring as a gated consumer: each slot is copied into the feed (no I/O on
/// this thread) and the chunk is handed over at the end of every batch the ring gives us, or when a blocking wait
/// times out, so a quiet market is still written within the flush interval. The executor never waits on it: the
/// feed buffers, then spills, whatever the database does.
/// </summary>
public struct OutputRingSinkHandler(SinkFeed feed) : IEventHandler<OutputMessage>
{
    private readonly SinkFeed _feed = feed;

    public readonly void OnStart()
    {
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnEvent(ref OutputMessage evt, long sequence, bool endOfBatch)
    {
        _feed.Add(evt);
        if (endOfBatch)
            _feed.Publish();
    }

    public readonly void OnTimeout(long sequence) => _feed.Publish();

    public readonly void OnShutdown() => _feed.Publish(force: true);
}
