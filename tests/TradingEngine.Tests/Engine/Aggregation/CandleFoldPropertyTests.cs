using CsCheck;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;
using static TradingEngine.Tests.Engine.Aggregation.AggregationFixture;

namespace TradingEngine.Tests.Engine.Aggregation;

/// <summary>
/// Property tests: a higher timeframe equals the fold of its lower-timeframe candles, under UTC and session
/// alignment (DST changes inside the generated window), and 1m candles equal a naive reference that buckets every
/// tick on its own through <see cref="SessionCalendar.Locate"/>.
/// </summary>
public class CandleFoldPropertyTests
{
    private static readonly SessionCalendar[] Calendars =
    [
        SessionCalendar.Utc,
        SessionCalendar.UsEquityRegular,
        SessionCalendar.CmeGlobex,
        SessionCalendar.Create("Europe/London", new TimeSpan(8, 0, 0), null),
    ];

    private static readonly Timeframe[] Frames =
        [Timeframe.OneMinute, Timeframe.FiveMinutes, Timeframe.FifteenMinutes, Timeframe.OneHour, Timeframe.FromHours(4), Timeframe.OneDay];

    // 2013-10-20 .. 2013-11-09: crosses London (27 Oct) and US (3 Nov) fall-back changes
    private static readonly long WindowStart = UtcNanos.FromDateTime(new DateTime(2013, 10, 20, 0, 0, 0, DateTimeKind.Utc));

    internal static readonly Gen<Tick[]> Streams =
        Gen.Select(
            Gen.Long[0, 20 * UtcNanos.PerDay],
            Gen.Select(
                Gen.Frequency((20, Gen.Long[0, 40 * UtcNanos.PerSecond]), (1, Gen.Long[0, 9 * UtcNanos.PerHour])),
                Gen.Long[9_900, 10_100],
                Gen.Long[0, 300]).Array[1, 300])
        .Select((start, steps) =>
        {
            var ticks = new Tick[steps.Length];
            var t = WindowStart + start;
            for (var k = 0; k < steps.Length; k++)
            {
                t += steps[k].Item1;
                ticks[k] = Trade(t, steps[k].Item2, steps[k].Item3);
            }
            return ticks;
        });

    [Fact]
    public void Higher_timeframe_equals_the_fold_of_lower_timeframe_candles()
    {
        Gen.Select(Gen.Int[0, Calendars.Length - 1], Streams).Sample((calendarIndex, ticks) =>
        {
            var calendar = Calendars[calendarIndex];
            var closed = Run(calendar, ticks, Frames);
            for (var lo = 0; lo < Frames.Length; lo++)
            {
                for (var hi = lo + 1; hi < Frames.Length; hi++)
                {
                    if (Frames[hi].Seconds % Frames[lo].Seconds != 0)
                        continue;
                    AssertFold(closed[lo], closed[hi], $"{calendar} {Frames[lo]}→{Frames[hi]}");
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void One_minute_candles_equal_a_naive_per_tick_reference()
    {
        Gen.Select(Gen.Int[0, Calendars.Length - 1], Streams).Sample((calendarIndex, ticks) =>
        {
            var calendar = Calendars[calendarIndex];
            var actual = Run(calendar, ticks, [Timeframe.OneMinute])[0];
            var expected = new List<Candle>();
            foreach (var tick in ticks)
            {
                long start;
                if (calendar.IsUtc)
                {
                    start = UtcNanos.FloorDiv(tick.EventTime, UtcNanos.PerMinute) * UtcNanos.PerMinute;
                }
                else
                {
                    calendar.Locate(tick.EventTime, out var open, out _);
                    if (open > tick.EventTime)
                        continue; // between sessions
                    start = open + (tick.EventTime - open) / UtcNanos.PerMinute * UtcNanos.PerMinute;
                }
                if (expected.Count > 0 && expected[^1].OpenTime == start)
                {
                    var c = expected[^1];
                    c.HighRaw = Math.Max(c.HighRaw, tick.PriceRaw);
                    c.LowRaw = Math.Min(c.LowRaw, tick.PriceRaw);
                    c.CloseRaw = tick.PriceRaw;
                    c.VolumeRaw += tick.SizeRaw;
                    c.TickCount++;
                    c.LastEventTime = tick.EventTime;
                    expected[^1] = c;
                }
                else
                {
                    expected.Add(new Candle
                    {
                        OpenTime = start, OpenRaw = tick.PriceRaw, HighRaw = tick.PriceRaw, LowRaw = tick.PriceRaw,
                        CloseRaw = tick.PriceRaw, VolumeRaw = tick.SizeRaw, TickCount = 1, LastEventTime = tick.EventTime,
                    });
                }
            }
            Assert.Equal(expected.Count, actual.Count);
            for (var k = 0; k < expected.Count; k++)
                Assert.Equal(Key(expected[k]), Key(actual[k]));
        }, iter: 300);
    }

    private static (long, long, long, long, long, long, int, long) Key(in Candle c) =>
        (c.OpenTime, c.OpenRaw, c.HighRaw, c.LowRaw, c.CloseRaw, c.VolumeRaw, c.TickCount, c.LastEventTime);

    /// <summary>Every closed candle of each frame after the stream and a timer far past its end.</summary>
    internal static List<Candle>[] Run(SessionCalendar calendar, Tick[] ticks, Timeframe[] frames)
    {
        var specs = frames.Select(f => BarSpec.Time(f)).ToArray();
        var agg = new CandleAggregator(Symbol, specs, calendar, 2, 0);
        var sink = new RecordingSink();
        foreach (var tick in ticks)
            agg.OnTick(tick, ref sink);
        agg.OnTimer(ticks[^1].EventTime + 8 * UtcNanos.PerDay, ref sink);
        for (var i = 0; i < frames.Length; i++)
            Assert.False(agg.IsForming(i));
        return [.. Enumerable.Range(0, frames.Length).Select(i => sink.ClosedOf(i).ToList())];
    }

    private static void AssertFold(List<Candle> lower, List<Candle> higher, string what)
    {
        var k = 0;
        foreach (var h in higher)
        {
            Assert.True(k < lower.Count, $"{what}: {UtcNanos.ToIso8601(h.OpenTime)} has no lower candles");
            var first = lower[k];
            Assert.True(first.OpenTime >= h.OpenTime && first.CloseTime <= h.CloseTime,
                $"{what}: lower {UtcNanos.ToIso8601(first.OpenTime)} is not inside higher {UtcNanos.ToIso8601(h.OpenTime)}");
            var fold = first;
            for (k++; k < lower.Count && lower[k].OpenTime < h.CloseTime; k++)
            {
                var c = lower[k];
                Assert.True(c.CloseTime <= h.CloseTime, $"{what}: lower {UtcNanos.ToIso8601(c.OpenTime)} spans the end of a higher candle");
                fold.HighRaw = Math.Max(fold.HighRaw, c.HighRaw);
                fold.LowRaw = Math.Min(fold.LowRaw, c.LowRaw);
                fold.CloseRaw = c.CloseRaw;
                fold.VolumeRaw += c.VolumeRaw;
                fold.TickCount += c.TickCount;
                fold.LastEventTime = c.LastEventTime;
            }
            Assert.Equal(
                (fold.OpenRaw, fold.HighRaw, fold.LowRaw, fold.CloseRaw, fold.VolumeRaw, fold.TickCount, fold.LastEventTime),
                (h.OpenRaw, h.HighRaw, h.LowRaw, h.CloseRaw, h.VolumeRaw, h.TickCount, h.LastEventTime));
        }
        Assert.Equal(lower.Count, k);
    }
}
