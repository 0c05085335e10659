using System.Diagnostics;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Dashboard.Streaming;

/// <summary>
/// Hands every raw tick the tick subscriber decodes to the hub's forming candles, and publishes the changed ones at
/// most every <see cref="FlushInterval"/> while ticks stream (and when the subject goes quiet), so a fast feed costs
/// the browsers a bounded number of forming-candle updates per second, whatever its tick rate.
/// </summary>
public struct DashboardTickHandler : IEventHandler<MarketEvent>
{
    /// <summary>Longest time a tick waits for its forming candle to be published while ticks keep coming.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);

    private readonly DashboardHub _hub;
    private long _lastFlush;

    public DashboardTickHandler(DashboardHub hub) => _hub = hub;

    public readonly void OnStart()
    {
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
    {
        _hub.OnTick(in evt.Tick);
        if (endOfBatch && Stopwatch.GetElapsedTime(_lastFlush) >= FlushInterval)
            Flush();
    }

    public void OnTimeout(long sequence) => Flush();

    public void OnShutdown() => Flush();

    private void Flush()
    {
        _lastFlush = Stopwatch.GetTimestamp();
        _hub.FlushForming();
    }
}
