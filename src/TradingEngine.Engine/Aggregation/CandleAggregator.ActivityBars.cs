using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Engine.Aggregation;

// Tick-count, volume and range bars: closed by activity, not by the clock. Their OpenTime is the event time of the
// first print and CloseTime that of the last (Candle's contract for non-time bars); timers never close them.
public sealed partial class CandleAggregator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void OnTickCount<TSink>(int i, ref BarState s, in Tick tick, bool priced, ref TSink sink) where TSink : struct, ICandleSink
    {
        if (!s.HasForming)
            OpenActivityBar(ref s, tick.EventTime);
        FoldTick(ref s, in tick, priced);
        s.Forming.CloseTime = tick.EventTime;
        if (s.Forming.TickCount >= s.Threshold)
            CloseForming(i, ref s, ref sink);
        else
            sink.OnCandleUpdated(i, in s.Forming);
    }

    /// <summary>
    /// The print that reaches the threshold is split: the part that fills the bar stays in it (so every closed volume bar
    /// holds exactly the threshold), the rest opens the next bar at the same price, and a print larger than several
    /// thresholds closes several bars at once (Nautilus' VolumeBarAggregator does the same). A split print counts as one
    /// tick in every bar it feeds.
    /// </summary>
    private void OnTickVolume<TSink>(int i, ref BarState s, in Tick tick, bool priced, ref TSink sink) where TSink : struct, ICandleSink
    {
        var remaining = tick.SizeRaw;
        while (true)
        {
            if (!s.HasForming)
                OpenActivityBar(ref s, tick.EventTime);
            var take = Math.Min(s.Threshold - s.Forming.VolumeRaw, remaining);
            FoldPrint(ref s, in tick, priced, take);
            s.Forming.CloseTime = tick.EventTime;
            remaining -= take;
            if (s.Forming.VolumeRaw < s.Threshold)
            {
                sink.OnCandleUpdated(i, in s.Forming);
                return;
            }
            CloseForming(i, ref s, ref sink);
            if (remaining <= 0)
                return;
        }
    }

    /// <summary>
    /// A range bar holds prints while High − Low ≤ range. The first regular print that would make it wider closes the bar
    /// as it stands (without that print) and opens the next one, so every bar is made of real prints only — no phantom
    /// prices at the range edge. Volume-only prints never widen or break a bar.
    /// </summary>
    private void OnTickRange<TSink>(int i, ref BarState s, in Tick tick, bool priced, ref TSink sink) where TSink : struct, ICandleSink
    {
        if (s.HasForming && priced && s.PriceSource == 2)
        {
            var p = tick.PriceRaw;
            var high = Math.Max(s.Forming.HighRaw, p);
            var low = Math.Min(s.Forming.LowRaw, p);
            if (high - low > s.Threshold)
                CloseForming(i, ref s, ref sink);
        }
        if (!s.HasForming)
            OpenActivityBar(ref s, tick.EventTime);
        FoldTick(ref s, in tick, priced);
        s.Forming.CloseTime = tick.EventTime;
        sink.OnCandleUpdated(i, in s.Forming);
    }

    private void OpenActivityBar(ref BarState s, long eventTime)
    {
        s.Forming = NewCandle(in s, eventTime, eventTime);
        s.HasForming = true;
        s.PriceSource = 0;
    }
}
