using CsCheck;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;
using static TradingEngine.Tests.Engine.Aggregation.AggregationFixture;

namespace TradingEngine.Tests.Engine.Aggregation;

/// <summary>
/// Closing candles by the live clock: a timer closes a time bar once it is <c>candle_lateness</c> past its end, a tick
/// for a candle the clock closed is late (counted, folded into no candle), and closing by timers gives the candles that
/// closing by the next tick gives whenever the clock never runs ahead of the feed by more than the lateness.
/// </summary>
public class CandleClockTests
{
    private static readonly long Lateness = 250 * UtcNanos.PerMillisecond;

    private static CandleAggregator Create(long lateness, SessionCalendar? calendar = null, params BarSpec[] specs) =>
        new(Symbol, specs, calendar ?? SessionCalendar.Utc, 2, 0, lateness: TimeSpan.FromTicks(lateness / 100));

    [Fact]
    public void Timer_closes_a_bar_only_once_it_is_the_lateness_past_its_end()
    {
        var agg = Create(Lateness, specs: BarSpec.Time(Timeframe.OneMinute));
        var sink = new RecordingSink();
        agg.OnTick(Trade(At(10, 0, 30), 10_000, 1), ref sink);
        agg.OnTimer(At(10, 1), ref sink);
        agg.OnTimer(At(10, 1) + Lateness - 1, ref sink);
        Assert.True(agg.IsForming(0));
        // a tick stamped before the end that arrives within the lateness still counts
        agg.OnTick(Trade(At(10, 0, 59.9), 10_100, 2), ref sink);
        Assert.Equal(0, agg.LateInputs);
        agg.OnTimer(At(10, 1) + Lateness, ref sink);
        Assert.False(agg.IsForming(0));
        var closed = Assert.Single(sink.ClosedOf(0));
        Assert.Equal((10_000L, 10_100L, 3L, 2, At(10, 0, 59.9)), (closed.OpenRaw, closed.CloseRaw, closed.VolumeRaw, closed.TickCount, closed.LastEventTime));
        Assert.Equal(CandleFlags.Closed, closed.Flags);
    }

    [Fact]
    public void A_tick_of_a_later_bucket_closes_at_the_end_itself_whatever_the_lateness()
    {
        var agg = Create(Lateness, specs: BarSpec.Time(Timeframe.OneMinute));
        var sink = new RecordingSink();
        agg.OnTick(Trade(At(10, 0, 30), 10_000, 1), ref sink);
        agg.OnTick(Trade(At(10, 1), 10_010, 1), ref sink);
        Assert.Single(sink.ClosedOf(0));
    }

    [Fact]
    public void A_tick_for_a_candle_the_clock_closed_is_late_counted_once_per_event_and_folds_into_no_candle()
    {
        var agg = Create(0, specs: [BarSpec.Time(Timeframe.OneMinute), BarSpec.Time(Timeframe.FiveMinutes)]);
        var sink = new RecordingSink();
        agg.OnTick(Trade(At(10, 4, 30), 10_000, 1), ref sink);
        agg.OnTimer(At(10, 5, 0.2), ref sink);
        Assert.Equal(2, sink.Events.Count(e => e.Closed));
        var before = sink.Events.Count;
        agg.OnTick(Trade(At(10, 4, 59.95), 10_500, 7), ref sink);
        Assert.Equal(before, sink.Events.Count); // no update, no close: closed candles are final
        Assert.Equal(1, agg.ClockLateEvents);
        Assert.Equal(2, agg.LateInputs); // once per series
        Assert.Equal(10_000, agg.LastClosed(0).HighRaw);
        Assert.Equal(10_000, agg.LastClosed(1).HighRaw);
        // the next tick of a new bucket opens it as usual; an out-of-order tick older than a forming bucket is not the clock's
        agg.OnTick(Trade(At(10, 6), 10_010, 1), ref sink);
        agg.OnTick(Trade(At(10, 5, 59), 10_020, 1), ref sink);
        Assert.Equal(1, agg.ClockLateEvents);
        Assert.Equal(3, agg.LateInputs);
    }

    [Fact]
    public void Synthetic_bars_on_a_timer_stop_at_the_lateness_too()
    {
        var agg = Create(Lateness, specs: BarSpec.Time(Timeframe.OneMinute, EmptyBarPolicy.Synthetic));
        var sink = new RecordingSink();
        agg.OnTick(Trade(At(10, 0, 30), 10_000, 1), ref sink);
        agg.OnTimer(At(10, 3, 0.1), ref sink);
        // 10:00 closed, 10:01 synthetic; 10:02 ends at 10:03, which the timer has not passed by the lateness
        Assert.Equal(2, sink.ClosedOf(0).Count());
        agg.OnTimer(At(10, 3) + Lateness, ref sink);
        Assert.Equal(3, sink.ClosedOf(0).Count());
        Assert.All(sink.ClosedOf(0).Skip(1), c => Assert.True((c.Flags & CandleFlags.Synthetic) != 0));
    }

    [Fact]
    public void Negative_lateness_is_refused_with_the_value()
    {
        var ex = Assert.Throws<ArgumentException>(() => Create(-UtcNanos.PerSecond, specs: BarSpec.Time(Timeframe.OneMinute)));
        Assert.Contains("-00:00:01", ex.Message, StringComparison.Ordinal);
    }

    private static readonly SessionCalendar[] Calendars = [SessionCalendar.Utc, SessionCalendar.UsEquityRegular, SessionCalendar.CmeGlobex];

    private static readonly BarSpec[] Specs =
        [BarSpec.Time(Timeframe.OneMinute), BarSpec.Time(Timeframe.FiveMinutes), BarSpec.Time(Timeframe.OneHour), BarSpec.Ticks(50)];

    /// <summary>
    /// The same ticks with timers between them (each at most the lateness past the next tick, as a clock that never
    /// runs ahead of the feed by more than the allowance) close the same candles as the ticks alone, series by series,
    /// but for the end-of-data mark of a candle only the end of the data closed; and nothing is late either way.
    /// </summary>
    [Fact]
    public void Closing_by_timers_gives_the_candles_closing_by_the_next_tick_gives()
    {
        var lateness = Gen.Long[0, 2 * UtcNanos.PerSecond];
        Gen.Select(Gen.Int[0, Calendars.Length - 1], CandleFoldPropertyTests.Streams, lateness, Gen.Long[1, 1 << 30].Array[300]).Sample((calendarIndex, ticks, allowance, draws) =>
        {
            var calendar = Calendars[calendarIndex];
            var byTicks = Create(allowance, calendar, Specs);
            var byTimers = Create(allowance, calendar, Specs);
            var tickSink = new RecordingSink();
            var timerSink = new RecordingSink();
            var timers = 0;
            for (var k = 0; k < ticks.Length; k++)
            {
                byTicks.OnTick(ticks[k], ref tickSink);
                byTimers.OnTick(ticks[k], ref timerSink);
                // a few timers between this tick and the next, never more than the lateness past the next
                var from = ticks[k].EventTime;
                var to = (k + 1 < ticks.Length ? ticks[k + 1].EventTime : from + UtcNanos.PerDay) + allowance;
                for (var n = draws[k] % 4; n > 0; n--)
                {
                    from += (to - from) * (draws[(k + n) % draws.Length] % 1000) / 1000;
                    byTimers.OnTimer(from, ref timerSink);
                    timers++;
                }
            }
            byTicks.OnEndOfData(ref tickSink);
            byTimers.OnEndOfData(ref timerSink);
            for (var i = 0; i < Specs.Length; i++)
            {
                var expected = tickSink.ClosedOf(i).Select(Unmarked).ToList();
                var actual = timerSink.ClosedOf(i).Select(Unmarked).ToList();
                Assert.Equal(expected, actual);
            }
            Assert.Equal((0L, 0L), (byTimers.LateInputs, byTimers.ClockLateEvents));
            Assert.Equal(0L, byTicks.LateInputs);
        }, iter: 300);
    }

    private static Candle Unmarked(Candle c)
    {
        c.Flags &= ~CandleFlags.EndOfData;
        return c;
    }
}
