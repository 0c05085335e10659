using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;
using static TradingEngine.Tests.Engine.Aggregation.AggregationFixture;

namespace TradingEngine.Tests.Engine.Aggregation;

public class SessionCalendarTests
{
    private static long Utc(int y, int mo, int d, int h, int mi = 0) =>
        UtcNanos.FromDateTime(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc));

    [Fact]
    public void Hourly_bars_from_the_0930_open_end_with_a_half_hour_bar_at_the_close()
    {
        var agg = new CandleAggregator(Symbol, [BarSpec.Time(Timeframe.OneHour), BarSpec.Time(Timeframe.OneDay)], SessionCalendar.UsEquityRegular, 2, 0);
        var sink = new RecordingSink();
        // 2013-10-08 is EDT: 09:30 New York = 13:30 UTC
        agg.OnTick(Trade(Utc(2013, 10, 8, 13, 30), 100, 1), ref sink);
        Assert.Equal((Utc(2013, 10, 8, 13, 30), Utc(2013, 10, 8, 14, 30)), (agg.Forming(0).OpenTime, agg.Forming(0).CloseTime));
        Assert.Equal((Utc(2013, 10, 8, 13, 30), Utc(2013, 10, 8, 20, 0)), (agg.Forming(1).OpenTime, agg.Forming(1).CloseTime));
        agg.OnTick(Trade(Utc(2013, 10, 8, 19, 45), 101, 1), ref sink); // 15:45 New York
        Assert.Equal((Utc(2013, 10, 8, 19, 30), Utc(2013, 10, 8, 20, 0)), (agg.Forming(0).OpenTime, agg.Forming(0).CloseTime));
        Assert.Equal(Timeframe.OneHour, agg.Forming(0).Timeframe);

        agg.OnTick(Trade(Utc(2013, 10, 8, 20, 0), 102, 1), ref sink); // 16:00: after the close
        Assert.False(agg.IsForming(0));
        Assert.False(agg.IsForming(1));
        Assert.Equal(2, agg.OutsideSessionInputs);
        Assert.Equal((Utc(2013, 10, 8, 19, 30), Utc(2013, 10, 8, 20, 0)), (agg.LastClosed(0).OpenTime, agg.LastClosed(0).CloseTime));
        Assert.Equal((100L, 101L, 2L), (agg.LastClosed(1).OpenRaw, agg.LastClosed(1).CloseRaw, agg.LastClosed(1).VolumeRaw));
    }

    [Fact]
    public void Equity_session_follows_new_york_daylight_saving()
    {
        var cal = SessionCalendar.UsEquityRegular;
        cal.Locate(Utc(2013, 11, 1, 15), out var open, out var close); // Friday, EDT
        Assert.Equal((Utc(2013, 11, 1, 13, 30), Utc(2013, 11, 1, 20)), (open, close));
        cal.Locate(Utc(2013, 11, 2, 15), out open, out close); // Saturday: the next session is Monday, EST
        Assert.Equal((Utc(2013, 11, 4, 14, 30), Utc(2013, 11, 4, 21)), (open, close));
    }

    [Fact]
    public void Cme_sessions_open_at_1700_chicago_on_either_side_of_both_dst_changes()
    {
        var cal = SessionCalendar.CmeGlobex;
        // 2013 hours: 17:00-16:15 (pipelines/calendars.yaml). Fall back on Sunday 2013-11-03: Thursday's session is CDT, Sunday's is CST
        cal.Locate(Utc(2013, 11, 1, 15), out var open, out var close);
        Assert.Equal((Utc(2013, 10, 31, 22), Utc(2013, 11, 1, 21, 15)), (open, close));
        cal.Locate(Utc(2013, 11, 1, 21, 30), out open, out close); // the Friday close: next open is Sunday
        Assert.Equal((Utc(2013, 11, 3, 23), Utc(2013, 11, 4, 22, 15)), (open, close));
        // spring forward on Sunday 2013-03-10: Sunday's session opens at 17:00 CDT = 22:00 UTC
        cal.Locate(Utc(2013, 3, 11, 3), out open, out close);
        Assert.Equal((Utc(2013, 3, 10, 22), Utc(2013, 3, 11, 21, 15)), (open, close));
        cal.Locate(Utc(2013, 3, 8, 3), out open, out close); // Thursday 7th 17:00 CST
        Assert.Equal((Utc(2013, 3, 7, 23), Utc(2013, 3, 8, 22, 15)), (open, close));
    }

    [Fact]
    public void Four_hour_cme_bars_restart_at_each_open_and_the_last_one_stops_at_the_halt()
    {
        var agg = new CandleAggregator(Symbol, [BarSpec.Time(Timeframe.FromHours(4))], SessionCalendar.CmeGlobex, 2, 0);
        var sink = new RecordingSink();
        // session Tue 2013-10-08 17:00 CDT (22:00Z) .. Wed 16:15 CDT (21:15Z, the 2013 hours): buckets 22,02,06,10,14,18-21:15 UTC
        agg.OnTick(Trade(Utc(2013, 10, 9, 19), 100, 1), ref sink);
        Assert.Equal((Utc(2013, 10, 9, 18), Utc(2013, 10, 9, 21, 15)), (agg.Forming(0).OpenTime, agg.Forming(0).CloseTime));
        agg.OnTimer(Utc(2013, 10, 9, 21, 15), ref sink);
        Assert.Single(sink.ClosedOf(0));
        agg.OnTick(Trade(Utc(2013, 10, 9, 22, 30), 100, 1), ref sink);
        Assert.Equal((Utc(2013, 10, 9, 22), Utc(2013, 10, 10, 2)), (agg.Forming(0).OpenTime, agg.Forming(0).CloseTime));
    }

    [Fact]
    public void Anchor_without_close_runs_to_the_next_open_so_a_dst_day_is_23_or_25_hours()
    {
        var cal = SessionCalendar.Create("America/Chicago", new TimeSpan(17, 0, 0), null);
        cal.Locate(Utc(2013, 11, 3, 12), out var open, out var close); // session of Sat 2 Nov 17:00 CDT .. Sun 3 Nov 17:00 CST
        Assert.Equal((Utc(2013, 11, 2, 22), Utc(2013, 11, 3, 23)), (open, close));
        Assert.Equal(25 * UtcNanos.PerHour, close - open);
    }

    [Fact]
    public void Synthetic_bars_stay_inside_sessions()
    {
        var agg = new CandleAggregator(Symbol, [BarSpec.Time(Timeframe.FromMinutes(30), EmptyBarPolicy.Synthetic)], SessionCalendar.UsEquityRegular, 2, 0);
        var sink = new RecordingSink();
        agg.OnTick(Trade(Utc(2013, 10, 8, 19, 10), 100, 1), ref sink); // 15:10 New York, bucket 15:00-15:30
        agg.OnTick(Trade(Utc(2013, 10, 9, 14, 5), 101, 1), ref sink);  // next day 10:05, bucket 10:00-10:30
        var closed = sink.ClosedOf(0).ToList();
        Assert.Equal(
            [Utc(2013, 10, 8, 19), Utc(2013, 10, 8, 19, 30), Utc(2013, 10, 9, 13, 30)],
            closed.Select(c => c.OpenTime));
        Assert.All(closed.Skip(1), c => Assert.Equal(CandleFlags.Closed | CandleFlags.Synthetic, c.Flags));
    }
}
