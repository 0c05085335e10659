using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;
using static TradingEngine.Tests.Engine.Aggregation.AggregationFixture;

namespace TradingEngine.Tests.Engine.Aggregation;

public class CandleAggregatorTests
{
    private static CandleAggregator Create(SessionCalendar? calendar = null, TickFilter? filter = null, params BarSpec[] specs) =>
        new(Symbol, specs, calendar ?? SessionCalendar.Utc, 2, 0, filter);

    [Fact]
    public void Time_bar_folds_ticks_and_closes_on_the_first_tick_of_a_later_bucket()
    {
        var agg = Create(specs: BarSpec.Time(Timeframe.OneMinute));
        var sink = new RecordingSink();
        agg.OnTick(Trade(At(10, 0, 1), 10_000, 5), ref sink);
        agg.OnTick(Trade(At(10, 0, 2), 10_050, 1), ref sink);
        agg.OnTick(Trade(At(10, 0, 3), 9_990, 2), ref sink);
        agg.OnTick(Trade(At(10, 0, 59.999), 10_010, 3), ref sink);
        Assert.True(agg.IsForming(0));
        Assert.False(agg.HasClosed(0));
        Assert.Equal(4, sink.Events.Count);
        Assert.All(sink.Events, e => Assert.False(e.Closed));

        agg.OnTick(Trade(At(10, 1), 10_020, 4), ref sink);
        Assert.Equal(6, sink.Events.Count);
        var closed = sink.Events[4];
        Assert.True(closed.Closed);
        var c = closed.Candle;
        Assert.Equal((10_000L, 10_050L, 9_990L, 10_010L, 11L, 4), (c.OpenRaw, c.HighRaw, c.LowRaw, c.CloseRaw, c.VolumeRaw, c.TickCount));
        Assert.Equal((At(10, 0), At(10, 1)), (c.OpenTime, c.CloseTime));
        Assert.Equal(At(10, 0, 59.999), c.LastEventTime);
        Assert.Equal(CandleFlags.Closed, c.Flags);
        Assert.Equal(Timeframe.OneMinute, c.Timeframe);
        Assert.Equal(Symbol, c.Symbol);
        Assert.False(sink.Events[5].Closed);
        Assert.Equal(At(10, 1), agg.Forming(0).OpenTime);
        Assert.Equal(10_020, agg.Forming(0).OpenRaw);
        Assert.Equal(c, agg.LastClosed(0));
    }

    [Fact]
    public void Timer_closes_a_bar_at_its_exclusive_end_and_not_before()
    {
        var agg = Create(specs: BarSpec.Time(Timeframe.OneMinute));
        var sink = new RecordingSink();
        agg.OnTick(Trade(At(10, 0, 30), 10_000, 1), ref sink);
        agg.OnTimer(At(10, 1) - 1, ref sink);
        Assert.True(agg.IsForming(0));
        agg.OnTimer(At(10, 1), ref sink);
        Assert.False(agg.IsForming(0));
        Assert.Single(sink.ClosedOf(0));
        agg.OnTimer(At(10, 5), ref sink);
        Assert.Single(sink.ClosedOf(0)); // Skip policy: no candles for empty buckets
    }

    [Fact]
    public void Tick_stamped_before_a_closed_bucket_end_is_late_and_dropped()
    {
        var agg = Create(specs: BarSpec.Time(Timeframe.OneMinute));
        var sink = new RecordingSink();
        agg.OnTick(Trade(At(10, 0, 30), 10_000, 1), ref sink);
        agg.OnTimer(At(10, 1, 0.5), ref sink);
        agg.OnTick(Trade(At(10, 0, 59.9), 10_100, 1), ref sink);
        Assert.Equal(1, agg.LateInputs);
        Assert.Equal(10_000, agg.LastClosed(0).HighRaw);
        agg.OnTick(Trade(At(10, 2, 1), 10_100, 1), ref sink);
        agg.OnTick(Trade(At(10, 1, 59), 10_200, 1), ref sink);
        Assert.Equal(2, agg.LateInputs);
        Assert.Equal(10_100, agg.Forming(0).HighRaw);
    }

    [Fact]
    public void Synthetic_policy_fills_empty_buckets_with_the_previous_close_on_ticks_and_timers()
    {
        var agg = Create(specs: [BarSpec.Time(Timeframe.OneMinute, EmptyBarPolicy.Synthetic), BarSpec.Time(Timeframe.OneMinute)]);
        var sink = new RecordingSink();
        agg.OnTimer(At(9, 0), ref sink);
        Assert.Empty(sink.Events); // nothing before the first real candle: there is no previous close
        agg.OnTick(Trade(At(10, 0, 10), 10_000, 1), ref sink);
        agg.OnTick(Trade(At(10, 0, 20), 10_030, 1), ref sink);
        agg.OnTick(Trade(At(10, 3, 5), 10_100, 1), ref sink);
        var closed = sink.ClosedOf(0).ToList();
        Assert.Equal(3, closed.Count);
        Assert.Equal([At(10, 0), At(10, 1), At(10, 2)], closed.Select(c => c.OpenTime));
        foreach (var s in closed.Skip(1))
        {
            Assert.Equal(CandleFlags.Closed | CandleFlags.Synthetic, s.Flags);
            Assert.Equal((10_030L, 10_030L, 10_030L, 10_030L, 0L, 0), (s.OpenRaw, s.HighRaw, s.LowRaw, s.CloseRaw, s.VolumeRaw, s.TickCount));
        }
        Assert.Single(sink.ClosedOf(1));

        agg.OnTimer(At(10, 6, 30), ref sink);
        closed = sink.ClosedOf(0).ToList();
        Assert.Equal([At(10, 0), At(10, 1), At(10, 2), At(10, 3), At(10, 4), At(10, 5)], closed.Select(c => c.OpenTime));
        Assert.Equal(10_100, closed[^1].CloseRaw);
        Assert.True(agg.LastClosed(0).Flags.HasFlag(CandleFlags.Synthetic));
    }

    [Fact]
    public void Updated_is_reported_after_the_closes_of_the_same_event()
    {
        var agg = Create(specs: [BarSpec.Time(Timeframe.OneMinute), BarSpec.Time(Timeframe.FiveMinutes)]);
        var sink = new RecordingSink();
        agg.OnTick(Trade(At(10, 4, 59), 100, 1), ref sink);
        sink.Events.Clear();
        agg.OnTick(Trade(At(10, 5), 101, 1), ref sink);
        Assert.Equal([(0, true), (0, false), (1, true), (1, false)], sink.Events.Select(e => (e.Spec, e.Closed)));
    }

    [Fact]
    public void Weekly_utc_bars_start_on_monday()
    {
        var agg = Create(specs: BarSpec.Time(Timeframe.Parse("1w")));
        var sink = new RecordingSink();
        agg.OnTick(Trade(At(10, 0), 100, 1), ref sink); // Tuesday 2013-10-08
        var monday = UtcNanos.FromDateTime(new DateTime(2013, 10, 7, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(monday, agg.Forming(0).OpenTime);
        Assert.Equal(monday + 7 * UtcNanos.PerDay, agg.Forming(0).CloseTime);
    }

    [Fact]
    public void Suspicious_prints_are_dropped_and_volume_only_conditions_do_not_set_prices()
    {
        var filter = new TickFilter { ExcludeSuspicious = true, VolumeOnlyConditions = 0x80 };
        var agg = Create(filter: filter, specs: BarSpec.Time(Timeframe.OneMinute));
        var sink = new RecordingSink();
        agg.OnTick(Trade(At(10, 0, 1), 500, 10, conditions: 0x80), ref sink); // volume-only first: provisional prices
        Assert.Equal(500, agg.Forming(0).OpenRaw);
        agg.OnTick(Trade(At(10, 0, 2), 100, 1), ref sink); // first regular print replaces all four
        agg.OnTick(Trade(At(10, 0, 3), 900, 7, conditions: 0x81), ref sink);
        agg.OnTick(Trade(At(10, 0, 4), 5, 1_000_000, suspicious: true), ref sink);
        agg.OnTick(Trade(At(10, 0, 5), 120, 2), ref sink);
        ref readonly var c = ref agg.Forming(0);
        Assert.Equal((100L, 120L, 100L, 120L, 20L, 4), (c.OpenRaw, c.HighRaw, c.LowRaw, c.CloseRaw, c.VolumeRaw, c.TickCount));
        Assert.Equal(1, agg.FilteredTicks);
    }

    [Fact]
    public void Tick_count_bar_closes_on_its_nth_print()
    {
        var agg = Create(specs: BarSpec.Ticks(3));
        var sink = new RecordingSink();
        for (var k = 0; k < 7; k++)
            agg.OnTick(Trade(At(10, 0, k), 100 + k, 1), ref sink);
        var closed = sink.ClosedOf(0).ToList();
        Assert.Equal(2, closed.Count);
        Assert.Equal((100L, 102L, 3), (closed[0].OpenRaw, closed[0].CloseRaw, closed[0].TickCount));
        Assert.Equal((At(10, 0, 0), At(10, 0, 2)), (closed[0].OpenTime, closed[0].CloseTime));
        Assert.Equal(default, closed[0].Timeframe);
        Assert.Equal(1, agg.Forming(0).TickCount);
        // the closing print reports Closed only: the closed candle already holds it
        Assert.Equal(7, sink.Events.Count);
    }

    [Fact]
    public void Volume_bar_splits_the_crossing_print_and_carries_the_overflow()
    {
        var agg = Create(specs: BarSpec.Volume(new Quantity(100, 0)));
        var sink = new RecordingSink();
        agg.OnTick(Trade(At(10, 0, 1), 100, 60), ref sink);
        agg.OnTick(Trade(At(10, 0, 2), 105, 290), ref sink); // fills bar 1 with 40, bars 2 and 3 with 100 each, carries 50
        var closed = sink.ClosedOf(0).ToList();
        Assert.Equal(3, closed.Count);
        Assert.All(closed, c => Assert.Equal(100, c.VolumeRaw));
        Assert.Equal((100L, 105L, 100L, 105L, 2), (closed[0].OpenRaw, closed[0].HighRaw, closed[0].LowRaw, closed[0].CloseRaw, closed[0].TickCount));
        Assert.Equal((105L, 105L, 1), (closed[1].OpenRaw, closed[1].CloseRaw, closed[1].TickCount));
        Assert.Equal(50, agg.Forming(0).VolumeRaw);
        Assert.Equal([true, true, true, false], sink.Events.Skip(1).Select(e => e.Closed));
        agg.OnTick(Trade(At(10, 0, 3), 104, 50), ref sink); // exact fill: closes, nothing left forming
        Assert.False(agg.IsForming(0));
        Assert.Equal(4, sink.ClosedOf(0).Count());
    }

    [Fact]
    public void Range_bar_closes_before_the_print_that_would_widen_it_beyond_the_range()
    {
        var agg = Create(specs: BarSpec.Range(Price.Parse("0.10")));
        var sink = new RecordingSink();
        long[] prices = [1000, 1005, 1010, 1000, 1011, 1003, 1001, 1000];
        for (var k = 0; k < prices.Length; k++)
            agg.OnTick(Trade(At(10, 0, k), prices[k], 1), ref sink);
        var closed = sink.ClosedOf(0).ToList();
        Assert.Equal(2, closed.Count);
        Assert.Equal((1000L, 1010L, 1000L, 1000L, 4), (closed[0].OpenRaw, closed[0].HighRaw, closed[0].LowRaw, closed[0].CloseRaw, closed[0].TickCount));
        Assert.Equal((1011L, 1011L, 1001L, 1001L), (closed[1].OpenRaw, closed[1].HighRaw, closed[1].LowRaw, closed[1].CloseRaw));
        Assert.Equal(1000, agg.Forming(0).OpenRaw);
        Assert.All(closed, c => Assert.True(c.HighRaw - c.LowRaw <= 10));
    }

    [Fact]
    public void External_one_minute_candles_fold_into_five_minutes_and_close_when_the_last_arrives()
    {
        var agg = Create(specs: [BarSpec.TimeFromExternal(Timeframe.FiveMinutes, Timeframe.OneMinute), BarSpec.Time(Timeframe.OneMinute)]);
        var sink = new RecordingSink();
        for (var m = 0; m < 5; m++)
        {
            var c = new Candle
            {
                Symbol = Symbol, Timeframe = Timeframe.OneMinute, PricePrecision = 2, SizePrecision = 0,
                Flags = CandleFlags.Closed | CandleFlags.External, OpenTime = At(10, m), CloseTime = At(10, m + 1),
                OpenRaw = 100 + m, HighRaw = 110 + m * (m % 2 == 0 ? 1 : 3), LowRaw = 90 - m, CloseRaw = 101 + m,
                VolumeRaw = 10, TickCount = 2, LastEventTime = At(10, m, 59),
            };
            agg.OnCandle(c, ref sink);
        }
        var closed = Assert.Single(sink.ClosedOf(0));
        Assert.Equal((100L, 119L, 86L, 105L, 50L, 10), (closed.OpenRaw, closed.HighRaw, closed.LowRaw, closed.CloseRaw, closed.VolumeRaw, closed.TickCount));
        Assert.Equal(CandleFlags.Closed | CandleFlags.External, closed.Flags);
        Assert.Equal((At(10, 0), At(10, 5)), (closed.OpenTime, closed.CloseTime));
        Assert.Empty(sink.ClosedOf(1)); // the tick-sourced spec does not read external candles

        var forming = new Candle { Symbol = Symbol, Timeframe = Timeframe.OneMinute, PricePrecision = 2, OpenTime = At(10, 5), CloseTime = At(10, 6) };
        agg.OnCandle(forming, ref sink);
        Assert.Equal(1, agg.IgnoredExternalCandles);
    }

    [Fact]
    public void Precision_mismatch_is_rejected()
    {
        var agg = Create(specs: BarSpec.Time(Timeframe.OneMinute));
        var sink = new RecordingSink();
        var tick = Trade(At(10, 0), 100, 1);
        tick.PricePrecision = 4;
        var ex = Assert.Throws<ArgumentException>(() => agg.OnTick(tick, ref sink));
        Assert.Contains("price has precision 4", ex.Message);
    }

    [Theory]
    [InlineData("5m", BarKind.Time)]
    [InlineData("500T", BarKind.TickCount)]
    [InlineData("25000V", BarKind.Volume)]
    [InlineData("0.25R", BarKind.Range)]
    [InlineData("1m+empty", BarKind.Time)]
    [InlineData("15m@ext:1m", BarKind.Time)]
    public void Bar_specs_round_trip_through_text(string text, BarKind kind)
    {
        var spec = BarSpec.Parse(text);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(text, spec.ToString());
        Assert.Equal(spec, BarSpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("7x")]
    [InlineData("0T")]
    [InlineData("500T+empty")]
    [InlineData("7m@ext:5m")]
    [InlineData("-3V")]
    public void Bad_bar_specs_name_the_text(string text)
    {
        var ex = Assert.Throws<FormatException>(() => BarSpec.Parse(text));
        Assert.Contains($"'{text}'", ex.Message);
    }

    [Fact]
    public void Ring_events_dispatch_ticks_candles_and_timers_and_ignore_quotes_and_gaps()
    {
        var agg = Create(specs: [BarSpec.Time(Timeframe.OneMinute), BarSpec.TimeFromExternal(Timeframe.FiveMinutes, Timeframe.OneMinute)]);
        var sink = new RecordingSink();
        agg.OnEvent(MarketEvent.FromTick(Trade(At(10, 0, 5), 100, 3)), ref sink);
        agg.OnEvent(MarketEvent.FromQuote(new Quote { Symbol = Symbol, EventTime = At(10, 2) }), ref sink);
        agg.OnEvent(MarketEvent.FromGap(Symbol, At(10, 3), 5, default), ref sink);
        Assert.True(agg.IsForming(0));
        var ext = new Candle
        {
            Symbol = Symbol, Timeframe = Timeframe.OneMinute, PricePrecision = 2, Flags = CandleFlags.Closed | CandleFlags.External,
            OpenTime = At(10, 0), CloseTime = At(10, 1), OpenRaw = 1, HighRaw = 2, LowRaw = 1, CloseRaw = 2, VolumeRaw = 9, TickCount = 1,
        };
        agg.OnEvent(MarketEvent.FromCandle(ext), ref sink);
        Assert.Equal(9, agg.Forming(1).VolumeRaw);
        agg.OnEvent(MarketEvent.FromTimer(Symbol, At(10, 5)), ref sink);
        Assert.Equal([(0, false), (1, false), (0, true)], sink.Events.Select(e => (e.Spec, e.Closed)));
        // the external-sourced bucket ignores the heartbeat: its last source candle may still be on its way
        Assert.True(agg.IsForming(1));
        ext.OpenTime = At(10, 4);
        ext.CloseTime = At(10, 5);
        agg.OnEvent(MarketEvent.FromCandle(ext), ref sink);
        Assert.Equal((1, true), (sink.Events[^1].Spec, sink.Events[^1].Closed));
        Assert.Equal(18, sink.Events[^1].Candle.VolumeRaw);
    }
}
