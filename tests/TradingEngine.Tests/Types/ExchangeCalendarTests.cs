using System.Globalization;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

/// <summary>
/// The exchange calendars of pipelines/calendars.yaml: holidays, early closes, dated hours and DST, checked on the
/// dates of the real data (ES 2023-12-25 Globex holiday schedule; SPY and GC in 2013-10) and on known schedule days.
/// </summary>
public class ExchangeCalendarTests
{
    private static long Utc(int y, int mo, int d, int h, int mi = 0) =>
        UtcNanos.FromDateTime(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc));

    private static (long Open, long Close) Session(SessionCalendar cal, long t)
    {
        cal.Locate(t, out var open, out var close);
        return (open, close);
    }

    [Fact]
    public void Every_preset_of_the_file_is_a_session_name_and_loads()
    {
        Assert.Equal(["utc", "cme_globex", "cme_metals", "cme_fx", "us_equity", "us_equity_extended"], SessionCalendar.PresetNames);
        foreach (var name in SessionCalendar.PresetNames.Skip(1))
            Assert.NotNull(SessionCalendar.Preset(name).Schedule);
        var e = Assert.Throws<ArgumentException>(() => SessionCalendar.Preset("cme"));
        Assert.Contains("'cme' is not in pipelines/calendars.yaml (expected one of utc, cme_globex", e.Message);
    }

    [Fact]
    public void Es_christmas_2023_has_no_sunday_evening_session_and_reopens_monday_1700_chicago()
    {
        var cal = SessionCalendar.CmeGlobex;
        // after Friday 2023-12-22's 16:00 CST close, the next session is trade date Tue 12-26, opening Mon 12-25 17:00 CST:
        // no session opens on Sunday 12-24 (trade date 12-25 is a holiday)
        Assert.Equal((Utc(2023, 12, 25, 23), Utc(2023, 12, 26, 22)), Session(cal, Utc(2023, 12, 22, 22, 30)));
        Assert.Equal((Utc(2023, 12, 25, 23), Utc(2023, 12, 26, 22)), Session(cal, Utc(2023, 12, 25, 1)));
        Assert.Equal((Utc(2023, 12, 21, 23), Utc(2023, 12, 22, 22)), Session(cal, Utc(2023, 12, 22, 15)));
    }

    [Fact]
    public void Every_es_trade_of_the_2023_12_25_file_is_in_the_holiday_reopen_session()
    {
        var file = TestData.Require("ticks/databento_es_futures_2023-12/esh4_trades_with_bbo_20231225.csv");
        var cal = SessionCalendar.CmeGlobex;
        var rows = 0;
        foreach (var line in File.ReadLines(file).Skip(1))
        {
            var t = long.Parse(line.Split(',')[1], CultureInfo.InvariantCulture);
            Assert.Equal((Utc(2023, 12, 25, 23), Utc(2023, 12, 26, 22)), Session(cal, t));
            rows++;
        }
        Assert.Equal(2973, rows);
    }

    [Fact]
    public void Cme_holiday_halts_and_early_closes_follow_the_schedule()
    {
        var es = SessionCalendar.CmeGlobex;
        // MLK 2024-01-15: the Sunday session halts at 12:00 CST; Tuesday's opens Monday 17:00
        Assert.Equal((Utc(2024, 1, 14, 23), Utc(2024, 1, 15, 18)), Session(es, Utc(2024, 1, 15, 17)));
        Assert.Equal((Utc(2024, 1, 15, 23), Utc(2024, 1, 16, 22)), Session(es, Utc(2024, 1, 15, 19)));
        // Black Friday 2023-11-24 closes 12:15 CST; Thanksgiving 11-23 halted at 12:00
        Assert.Equal((Utc(2023, 11, 23, 23), Utc(2023, 11, 24, 18, 15)), Session(es, Utc(2023, 11, 24, 15)));
        Assert.Equal((Utc(2023, 11, 22, 23), Utc(2023, 11, 23, 18)), Session(es, Utc(2023, 11, 23, 15)));
        // gold halts at 13:30 on Thanksgiving since 2022 and closes 12:45 on Black Friday
        var gc = SessionCalendar.Preset("cme_metals");
        Assert.Equal((Utc(2023, 11, 22, 23), Utc(2023, 11, 23, 19, 30)), Session(gc, Utc(2023, 11, 23, 15)));
        Assert.Equal((Utc(2023, 11, 23, 23), Utc(2023, 11, 24, 18, 45)), Session(gc, Utc(2023, 11, 24, 15)));
        // 6E: Good Friday 2019 closed: Thursday's close is followed by Sunday's open
        var fx = SessionCalendar.Preset("cme_fx");
        Assert.Equal((Utc(2019, 4, 21, 22), Utc(2019, 4, 22, 21)), Session(fx, Utc(2019, 4, 18, 21, 30)));
    }

    [Fact]
    public void Cme_hours_are_dated_the_1615_close_ends_with_the_week_of_2015_09_21()
    {
        var es = SessionCalendar.CmeGlobex;
        Assert.Equal((Utc(2015, 9, 17, 22), Utc(2015, 9, 18, 21, 15)), Session(es, Utc(2015, 9, 18, 21, 10)));
        Assert.Equal((Utc(2015, 9, 20, 22), Utc(2015, 9, 21, 21)), Session(es, Utc(2015, 9, 21, 20)));
        // a trade at 16:10 CDT on 2015-09-21 is after that session's close: it belongs to none (the next opens at 17:00)
        Assert.Equal((Utc(2015, 9, 21, 22), Utc(2015, 9, 22, 21)), Session(es, Utc(2015, 9, 21, 21, 10)));
    }

    [Fact]
    public void Gc_trades_of_2013_10_up_to_1614_chicago_are_inside_the_metals_session_of_that_year()
    {
        var dir = TestData.Require("ticks/lean_gc_futures_2013-10");
        var metals = SessionCalendar.Preset("cme_metals");
        var today = SessionCalendar.Create("America/Chicago", new TimeSpan(17, 0, 0), new TimeSpan(16, 0, 0),
            DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday);
        int trades = 0, outside = 0, outsideOfTodaysHours = 0;
        foreach (var file in Directory.EnumerateFiles(dir, "*.csv"))
        {
            var day = DateTime.ParseExact(Path.GetFileName(file)[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            foreach (var line in File.ReadLines(file))
            {
                var t = UtcNanos.FromDateTime(day) + long.Parse(line[..line.IndexOf(',')], CultureInfo.InvariantCulture) * 1_000_000;
                trades++;
                if (Session(metals, t).Open > t)
                    outside++;
                if (Session(today, t).Open > t)
                    outsideOfTodaysHours++;
            }
        }
        Assert.Equal(157_849, trades);
        Assert.Equal(0, outside);
        Assert.True(outsideOfTodaysHours > 200, $"{outsideOfTodaysHours} trades fall in 16:00-16:15 CT");
    }

    [Fact]
    public void Nyse_2013_holidays_early_closes_and_the_october_days_of_the_data()
    {
        var nyse = SessionCalendar.UsEquityRegular;
        // SPY 2013-10-07..11: regular 09:30-16:00 EDT, Columbus Day 10-14 is a trading day
        Assert.Equal((Utc(2013, 10, 8, 13, 30), Utc(2013, 10, 8, 20)), Session(nyse, Utc(2013, 10, 8, 15)));
        Assert.Equal((Utc(2013, 10, 14, 13, 30), Utc(2013, 10, 14, 20)), Session(nyse, Utc(2013, 10, 12, 15)));
        // Thanksgiving 2013-11-28 closed; the day after closes at 13:00 EST
        Assert.Equal((Utc(2013, 11, 29, 14, 30), Utc(2013, 11, 29, 18)), Session(nyse, Utc(2013, 11, 28, 15)));
        // national day of mourning 2025-01-09 (Thursday): closed
        Assert.Equal((Utc(2025, 1, 10, 14, 30), Utc(2025, 1, 10, 21)), Session(nyse, Utc(2025, 1, 8, 22)));
        // extended hours end at 17:00 on an early-close day
        Assert.Equal((Utc(2013, 11, 29, 9), Utc(2013, 11, 29, 22)), Session(SessionCalendar.UsEquityExtended, Utc(2013, 11, 29, 12)));
    }

    [Fact]
    public void A_malformed_calendar_names_the_file_line_and_value()
    {
        const string yaml = "calendars:\n  x:\n    time_zone: America/Chicago\n    hours:\n      - {from: 2013-01-01, open: \"17:00\", close: \"16:00\", days: [mon, tue]}\n    holidays: [2013-13-01]\n";
        var e = Assert.Throws<FormatException>(() => ExchangeCalendars.Parse(yaml, "c.yaml"));
        Assert.Equal("c.yaml:6: calendar 'x': '2013-13-01' is not a date (expected YYYY-MM-DD)", e.Message);
        var bad = yaml.Replace("days: [mon, tue]", "days: [mon, tuesday]").Replace("[2013-13-01]", "[]");
        Assert.Contains("c.yaml:5: calendar 'x': 'tuesday' is not a weekday", Assert.Throws<FormatException>(() => ExchangeCalendars.Parse(bad, "c.yaml")).Message);
    }
}
