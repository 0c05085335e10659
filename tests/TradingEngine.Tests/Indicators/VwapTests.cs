using TradingEngine.Indicators;
using TradingEngine.Indicators.Vwap;
using TradingEngine.Tests.Support;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Tests.Indicators;

/// <summary>
/// Session VWAP: streaming == batch bit for bit; == an independent two-pass session formula (own session
/// bucketing, σ from squared deviations about the final VWAP) within 1e-9; == technicalindicators' VWAP per
/// regular session on Skender's intraday bars.
/// </summary>
public sealed class VwapTests
{
    public static readonly TheoryData<string, string> Cases = new()
    {
        { "bars/skender/intraday.csv", "rth" },
        { "bars/lean_equity_minute_2013-10/20131007_spy_minute_trade.csv", "rth" },
        { "bars/lean_es_futures_minute/20131008_es_minute_trade_201312.csv", "cme" },
        { "bars/nautilus_6e_futures_1m/6EH4.XCME_1min_bars_20240101_20240131.csv", "fx" },
        { "bars/skender/default.csv", "utc" },
        { "bars/lean_equity_daily/spy.csv", "utc" },
    };

    private static SessionCalendar ScheduleOf(string name) => name switch
    {
        "rth" => SessionCalendar.UsEquityRegular,
        "cme" => SessionCalendar.CmeGlobex,
        "fx" => SessionCalendar.Preset("cme_fx"),
        _ => SessionCalendar.Utc,
    };

    private static (double[] Vwap, double[] Sd) Streaming(OhlcvBars bars, SessionCalendar schedule)
    {
        var vwap = new double[bars.Count];
        var sd = new double[bars.Count];
        var state = VwapState.Create(schedule);
        for (var i = 0; i < bars.Count; i++)
        {
            if (state.UpdateCandle(bars.StartUtcNs[i], bars.High[i], bars.Low[i], bars.Close[i], bars.Volume[i], out var v))
                (vwap[i], sd[i]) = (v.Vwap, v.StdDev);
            else
                (vwap[i], sd[i]) = (double.NaN, double.NaN);
        }
        return (vwap, sd);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streaming_equals_batch_bit_for_bit(string relative, string session)
    {
        var bars = OhlcvCsv.Read(TestData.Require(relative), OhlcvCsv.FormatOf(relative));
        var schedule = ScheduleOf(session);
        var (vwap, sd) = Streaming(bars, schedule);
        var typical = new double[bars.Count];
        VwapBatch.TypicalPrice(bars.High, bars.Low, bars.Close, typical);
        var batchVwap = new double[bars.Count];
        var batchSd = new double[bars.Count];
        VwapBatch.Compute(bars.StartUtcNs, typical, bars.Volume, schedule, batchVwap, batchSd);
        for (var i = 0; i < bars.Count; i++)
        {
            Assert.True(vwap[i].Equals(batchVwap[i]), $"{relative} row {i}: vwap {vwap[i]:R} vs batch {batchVwap[i]:R}");
            Assert.True(sd[i].Equals(batchSd[i]), $"{relative} row {i}: sd {sd[i]:R} vs batch {batchSd[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streaming_equals_the_two_pass_session_formula(string relative, string session)
    {
        var bars = OhlcvCsv.Read(TestData.Require(relative), OhlcvCsv.FormatOf(relative));
        var (vwap, sd) = Streaming(bars, ScheduleOf(session));
        var keys = bars.StartUtcNs.Select(t => IndependentSessionKey(t, session)).ToArray();
        var compared = 0;
        for (var i = 0; i < bars.Count; i++)
        {
            if (keys[i] is null)
            {
                Assert.True(double.IsNaN(vwap[i]), $"{relative} row {i} is outside the session but has a VWAP");
                continue;
            }
            var first = i;
            while (first > 0 && keys[first - 1] == keys[i])
                first--;
            double pv = 0, v = 0;
            for (var j = first; j <= i; j++)
            {
                var p = (bars.High[j] + bars.Low[j] + bars.Close[j]) / 3;
                pv += p * bars.Volume[j];
                v += bars.Volume[j];
            }
            if (v <= 0)
                continue;
            var expected = pv / v;
            double dev = 0;
            for (var j = first; j <= i; j++)
            {
                var d = ((bars.High[j] + bars.Low[j] + bars.Close[j]) / 3) - expected;
                dev += bars.Volume[j] * d * d;
            }
            var expectedSd = Math.Sqrt(dev / v);
            var tolerance = 1e-9 * Math.Max(1, Math.Abs(expected));
            Assert.True(Math.Abs(vwap[i] - expected) <= tolerance, $"{relative} row {i}: vwap {vwap[i]:R}, two-pass {expected:R}");
            Assert.True(Math.Abs(sd[i] - expectedSd) <= tolerance, $"{relative} row {i}: sd {sd[i]:R}, two-pass {expectedSd:R}");
            compared++;
            if (i - first > 2000)
                i += 7; // long CME sessions: sample, the prefix sums above are O(n) per row
        }
        Assert.True(compared > 100, $"{relative}: only {compared} rows compared");
    }

    [Fact]
    public void Equals_technicalindicators_vwap_per_regular_session()
    {
        const string relative = "bars/skender/intraday.csv";
        var bars = OhlcvCsv.Read(TestData.Require(relative), OhlcvFormat.Skender);
        var (vwap, _) = Streaming(bars, SessionCalendar.UsEquityRegular);
        var reference = TalibReference.Get(relative, "VWAP", 0);
        var compared = 0;
        for (var j = 0; j < reference.Index.Length; j++)
        {
            var row = reference.Index[j];
            if (double.IsNaN(vwap[row]))
                continue; // the 16:00 bar starts at the close: outside 09:30-16:00 (technicalindicators has no session)
            var expected = reference.Value[j];
            Assert.True(Math.Abs(vwap[row] - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"row {row}: ours {vwap[row]:R}, technicalindicators {expected:R}");
            compared++;
        }
        Assert.Equal(4 * 390, compared);
    }

    [Fact]
    public void Session_windows_follow_daylight_saving()
    {
        static long Ns(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        // CME: 17:00 Chicago = 22:00Z in October (CDT), 23:00Z in January (CST); the 2013 close was 16:15 CDT = 21:15Z.
        var oct = SessionClock.Locate(SessionCalendar.CmeGlobex, Ns(new DateTime(2013, 10, 8, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(Ns(new DateTime(2013, 10, 7, 22, 0, 0, DateTimeKind.Utc)), oct.Start);
        Assert.Equal(Ns(new DateTime(2013, 10, 8, 21, 15, 0, DateTimeKind.Utc)), oct.End);
        var jan = SessionClock.Locate(SessionCalendar.CmeGlobex, Ns(new DateTime(2024, 1, 2, 23, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(Ns(new DateTime(2024, 1, 2, 23, 0, 0, DateTimeKind.Utc)), jan.Start);
        // CME halt 16:00-17:00 CT: between sessions, Locate returns the next one.
        var halt = SessionClock.Locate(SessionCalendar.CmeGlobex, Ns(new DateTime(2024, 1, 2, 22, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(Ns(new DateTime(2024, 1, 2, 23, 0, 0, DateTimeKind.Utc)), halt.Start);
        // US equities: 09:30 NY = 13:30Z in October (EDT), 14:30Z in December (EST).
        Assert.Equal(Ns(new DateTime(2013, 10, 7, 13, 30, 0, DateTimeKind.Utc)), SessionClock.Locate(SessionCalendar.UsEquityRegular, Ns(new DateTime(2013, 10, 7, 15, 0, 0, DateTimeKind.Utc))).Start);
        Assert.Equal(Ns(new DateTime(2020, 12, 15, 14, 30, 0, DateTimeKind.Utc)), SessionClock.Locate(SessionCalendar.UsEquityRegular, Ns(new DateTime(2020, 12, 15, 8, 0, 0, DateTimeKind.Utc))).Start);
    }

    [Fact]
    public void Snapshot_restores_mid_session()
    {
        const string relative = "bars/nautilus_6e_futures_1m/6EH4.XCME_1min_bars_20240101_20240131.csv";
        var bars = OhlcvCsv.Read(TestData.Require(relative), OhlcvFormat.Nautilus);
        var (expected, _) = Streaming(bars, SessionCalendar.CmeGlobex);
        var state = VwapState.Create(SessionCalendar.CmeGlobex);
        var half = bars.Count / 2 + 17;
        for (var i = 0; i < half; i++)
            state.UpdateCandle(bars.StartUtcNs[i], bars.High[i], bars.Low[i], bars.Close[i], bars.Volume[i], out _);
        var buffer = new byte[VwapState.SnapshotSize];
        Assert.Equal(VwapState.SnapshotSize, state.WriteTo(buffer));
        var restored = VwapState.ReadFrom(buffer, SessionCalendar.CmeGlobex);
        for (var i = half; i < bars.Count; i++)
        {
            var got = restored.UpdateCandle(bars.StartUtcNs[i], bars.High[i], bars.Low[i], bars.Close[i], bars.Volume[i], out var v) ? v.Vwap : double.NaN;
            Assert.True(got.Equals(expected[i]), $"row {i}: restored {got:R}, uninterrupted {expected[i]:R}");
        }
    }

    /// <summary>Session of a bar by plain wall-clock rules, written without SessionCalendar.</summary>
    private static string? IndependentSessionKey(long utcNanos, string session)
    {
        var utc = DateTime.UnixEpoch.AddTicks(utcNanos / 100);
        switch (session)
        {
            case "rth":
                var ny = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
                return ny.TimeOfDay >= new TimeSpan(9, 30, 0) && ny.TimeOfDay < new TimeSpan(16, 0, 0) ? ny.ToString("yyyy-MM-dd") : null;
            case "cme" or "fx":
                // equity index futures closed at 16:15 until the week of 2015-09-21, FX at 16:00 (pipelines/calendars.yaml)
                var ct = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));
                var close = session == "cme" && ct < new DateTime(2015, 9, 21) ? new TimeSpan(16, 15, 0) : new TimeSpan(16, 0, 0);
                if (ct.Hour >= 17)
                    return ct.Date.AddDays(1).ToString("yyyy-MM-dd");
                return ct.TimeOfDay < close ? ct.ToString("yyyy-MM-dd") : null;
            default:
                return utc.ToString("yyyy-MM-dd");
        }
    }
}
