using System.Globalization;
using TradingEngine.Indicators;
using TradingEngine.Indicators.Vwap;
using TradingEngine.Tests.Support;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Tests.Indicators;

/// <summary>
/// Exact tick VWAP: equals a decimal computation of Σpv/Σv on real Lean IBM trades (regular session, NY),
/// agrees with the double-sum <see cref="VwapState"/>, and restores from a snapshot.
/// </summary>
public sealed class TickVwapTests
{
    private const string IbmTrades = "ticks/lean_equity_2013-10/trades/20131008_ibm_Trade_Tick.csv";

    private static (long Utc, long Price, long Size)[] ReadLeanTrades(string path)
    {
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var date = DateTime.ParseExact(Path.GetFileName(path)[..8], "yyyyMMdd", CultureInfo.InvariantCulture);
        var midnightUtc = TimeZoneInfo.ConvertTimeToUtc(date, ny);
        var midnightNs = (midnightUtc.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        return File.ReadLines(path).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Where(f => f[5] != "1")
            .Select(f => (midnightNs + (long.Parse(f[0], CultureInfo.InvariantCulture) * 1_000_000),
                long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToArray();
    }

    [Fact]
    public void Equals_decimal_session_vwap_on_real_ibm_trades()
    {
        var trades = ReadLeanTrades(TestData.Require(IbmTrades));
        var exact = TickVwapState.Create(SessionCalendar.UsEquityRegular, pricePrecision: 4);
        var floating = VwapState.Create(SessionCalendar.UsEquityRegular);
        decimal spv = 0, sv = 0;
        int inSession = 0;
        double worstDouble = 0;
        foreach (var (utc, price, size) in trades)
        {
            var gotExact = exact.Update(utc, price, size, out var e);
            var gotDouble = floating.Update(utc, price / 10000.0, size, out var f);
            Assert.Equal(gotExact, gotDouble);
            if (!gotExact)
                continue;
            inSession++;
            spv += price / 10000m * size;
            sv += size;
            var expected = (double)(spv / sv);
            Assert.True(Math.Abs(e.Vwap - expected) <= 1e-14 * expected, $"trade {inSession}: exact {e.Vwap:R}, decimal {expected:R}");
            worstDouble = Math.Max(worstDouble, Math.Abs(f.Vwap - expected) / expected);
            Assert.True(Math.Abs(e.StdDev - f.StdDev) <= 1e-9 * expected, $"trade {inSession}: σ exact {e.StdDev:R}, double {f.StdDev:R}");
        }
        Assert.True(inSession > 10_000, $"only {inSession} trades in the regular session");
        Assert.True(worstDouble <= 1e-12, $"double-sum VWAP drifted {worstDouble:E2} relative from the exact one");
        TestContext.Current.TestOutputHelper?.WriteLine($"{inSession} RTH trades; double-sum VWAP worst relative error {worstDouble:E2}");
    }

    [Fact]
    public void Equals_double_vwap_on_es_quarter_prices_and_restores_from_a_snapshot()
    {
        var trades = EsTradesWithBbo.Read(TestData.Require(EsTradesWithBbo.RelativePath));
        var exact = TickVwapState.Create(SessionCalendar.CmeGlobex, pricePrecision: 2);
        var floating = VwapState.Create(SessionCalendar.CmeGlobex);
        var outputs = new double[trades.Length];
        for (var i = 0; i < trades.Length; i++)
        {
            Assert.True(exact.Update(trades[i].UtcNanos, trades[i].Price, trades[i].Size, out var e));
            Assert.True(floating.Update(trades[i].UtcNanos, trades[i].Price / 100.0, trades[i].Size, out var f));
            outputs[i] = e.Vwap;
            Assert.True(Math.Abs(e.Vwap - f.Vwap) <= 1e-13 * f.Vwap, $"trade {i}: exact {e.Vwap:R}, double {f.Vwap:R}");
        }
        var restored = TickVwapState.Create(SessionCalendar.CmeGlobex, 2);
        var buffer = new byte[TickVwapState.SnapshotSize];
        for (var i = 0; i < trades.Length; i++)
        {
            if (i == 1000)
            {
                restored.WriteTo(buffer);
                restored = TickVwapState.ReadFrom(buffer, SessionCalendar.CmeGlobex);
            }
            restored.Update(trades[i].UtcNanos, trades[i].Price, trades[i].Size, out var v);
            Assert.Equal(outputs[i], v.Vwap);
        }
    }

    [Fact]
    public void Sums_beyond_2_pow_53_stay_exact()
    {
        // BTC-like: price 43,210.12345678 at 8 decimals (raw 4.3e12), sizes up to 10^9 raw: ΣPV passes 2^64 quickly.
        var state = TickVwapState.Create(SessionCalendar.Utc, pricePrecision: 8);
        const long T0 = 1_704_067_200_000_000_000; // 2024-01-01T00:00Z
        decimal spv = 0, sv = 0;
        var random = new Random(3);
        for (var i = 0; i < 10_000; i++)
        {
            long price = 4_321_012_345_678 + random.Next(-5_000_000, 5_000_000);
            long size = 1 + random.Next(1_000_000_000);
            Assert.True(state.Update(T0 + i, price, size, out var v));
            spv += (decimal)price * size;
            sv += size;
            var expected = (double)(spv / sv / 100_000_000m);
            Assert.True(Math.Abs(v.Vwap - expected) <= 4e-16 * expected, $"trade {i}: {v.Vwap:R} vs decimal {expected:R}");
        }
        Assert.True(spv > (decimal)ulong.MaxValue);
    }
}
