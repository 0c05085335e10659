using System.Globalization;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Aggregation;

/// <summary>
/// Real data: 1m candles aggregated from AlgoSeek's SPY/AIG/BAC/IBM trade ticks (7–11 Oct 2013, all 20 symbol-days,
/// 2.79 M prints, read with the journal's Lean reader) against the vendor's own minute bars for the same days.
/// Volume is an exact oracle; OHLC depends on which prints the vendor let set prices, so the second test measures
/// each candidate rule and checks that the adopted one (<see cref="TickFilter.AlgoSeekUsEquity"/>) is the best
/// (docs/aggregation.md records the rates).
/// </summary>
public class LeanMinuteBarsRealDataTests(ITestOutputHelper output)
{
    private static readonly string[] Symbols = ["spy", "aig", "bac", "ibm"];
    private static readonly string[] Days = ["20131007", "20131008", "20131009", "20131010", "20131011"];
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    // A bit AlgoSeek never sets here (0x4000_0000, "undocumented" in Lean's TradeConditionFlags): candidates that are not a
    // condition mask (venue, "plain regular only") mark their prints with it and make it volume-only.
    private const uint Marker = 0x4000_0000;

    internal static readonly (string Name, TickFilter Filter, Func<Tick, bool>? Mark)[] Candidates =
    [
        ("naive (all prints but suspicious)", TickFilter.Default, null),
        ("venue D (FINRA TRF)", TickFilter.Default with { VolumeOnlyConditions = Marker }, t => t.Venue == 'D'),
        ("all but plain regular (conditions != 0x1)", TickFilter.Default with { VolumeOnlyConditions = Marker }, t => t.Conditions != 1),
        ("intermarket sweeps (0x20)", TickFilter.Default with { VolumeOnlyConditions = TickFilter.IntermarketSweep }, null),
        ("sweeps, average-price, derivatively priced", TickFilter.Default with
            { VolumeOnlyConditions = TickFilter.IntermarketSweep | TickFilter.AveragePrice | TickFilter.DerivativelyPriced }, null),
        ("sweeps unless extended hours (0x2000)", TickFilter.Default with
            { VolumeOnlyConditions = TickFilter.IntermarketSweep, VolumeOnlyExemptions = TickFilter.ExtendedHours }, null),
        ("adopted + sold-late (0x800) and out-of-sequence (0x4000)", TickFilter.AlgoSeekUsEquity with
            { VolumeOnlyConditions = TickFilter.AlgoSeekUsEquity.VolumeOnlyConditions | 0x800 | 0x4000 }, null),
        ("adopted: sweeps, average-price, derivatively priced, unless extended hours", TickFilter.AlgoSeekUsEquity, null),
    ];

    private sealed record Rates(string Rule, int Minutes, int VolumeEqual, int OhlcEqual, int RegularMinutes, int RegularOhlcEqual, int OursWithoutVendorBar)
    {
        public double Volume => (double)VolumeEqual / Minutes;
        public double Ohlc => (double)OhlcEqual / Minutes;
        public double RegularOhlc => (double)RegularOhlcEqual / RegularMinutes;
        public double ExtendedOhlc => (double)(OhlcEqual - RegularOhlcEqual) / (Minutes - RegularMinutes);
    }

    private struct ListSink(List<Candle> closed) : ICandleSink
    {
        public readonly void OnCandleUpdated(int spec, in Candle candle) { }

        public readonly void OnCandleClosed(int spec, in Candle candle) => closed.Add(candle);
    }

    [Fact]
    public void Volume_of_aggregated_minutes_equals_the_vendor_bars_in_at_least_99_percent_of_minutes()
    {
        var adopted = Measure()[^1];
        output.WriteLine($"{adopted.Minutes} vendor minutes, volume equal {adopted.Volume:P2}, OHLC equal {adopted.Ohlc:P2}");
        Assert.Equal(11_374, adopted.Minutes);
        Assert.True(adopted.Volume >= 0.99, $"volume equal in only {adopted.Volume:P2} of minutes");
        Assert.True(adopted.OursWithoutVendorBar < adopted.Minutes / 100, $"{adopted.OursWithoutVendorBar} of our minutes have no vendor bar");
    }

    [Fact]
    public void Adopted_price_rule_matches_vendor_ohlc_best_among_the_candidates()
    {
        var rates = Measure();
        foreach (var r in rates)
            output.WriteLine($"{r.Rule}: OHLC {r.Ohlc:P2} (regular {r.RegularOhlc:P2}, extended {r.ExtendedOhlc:P2}), volume {r.Volume:P2}");
        var adopted = rates[^1];
        Assert.All(rates, r => Assert.Equal(adopted.VolumeEqual, r.VolumeEqual)); // price rules never change volume
        Assert.All(rates[..^1], r => Assert.True(adopted.Ohlc > r.Ohlc, $"'{r.Rule}' ({r.Ohlc:P2}) is not worse than the adopted rule ({adopted.Ohlc:P2})"));
        Assert.True(adopted.Ohlc >= 0.99, $"adopted rule matches only {adopted.Ohlc:P2}");
    }

    private static List<Rates>? s_rates;
    private static readonly Lock s_gate = new();

    private static List<Rates> Measure()
    {
        var root = TestData.Require("ticks/lean_equity_2013-10/trades");
        var barsRoot = TestData.Require("bars/lean_equity_minute_2013-10");
        lock (s_gate)
            return s_rates ??= Compute(root, barsRoot);
    }

    private static List<Rates> Compute(string root, string barsRoot)
    {
        var counts = new int[Candidates.Length, 6];
        foreach (var day in Days)
        {
            var date = DateOnly.ParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture);
            foreach (var sym in Symbols)
            {
                var vendor = ReadVendorBars(Path.Combine(barsRoot, $"{day}_{sym}_minute_trade.csv"), date);
                var aggs = new CandleAggregator[Candidates.Length];
                var closed = new List<Candle>[Candidates.Length];
                for (var c = 0; c < Candidates.Length; c++)
                {
                    aggs[c] = new CandleAggregator(new SymbolId(1), [BarSpec.Time(Timeframe.OneMinute)], SessionCalendar.UsEquityExtended,
                        LeanEquityTradeReader.PricePrecision, 0, Candidates[c].Filter);
                    closed[c] = [];
                }
                using (var reader = new LeanEquityTradeReader(Path.Combine(root, $"{day}_{sym}_Trade_Tick.csv"), new SymbolId(1)))
                {
                    foreach (var tick in reader)
                    {
                        for (var c = 0; c < aggs.Length; c++)
                        {
                            var sink = new ListSink(closed[c]);
                            var input = tick;
                            if (Candidates[c].Mark is { } mark && mark(tick))
                                input.Conditions |= Marker;
                            aggs[c].OnTick(in input, ref sink);
                        }
                    }
                }
                for (var c = 0; c < aggs.Length; c++)
                {
                    var sink = new ListSink(closed[c]);
                    aggs[c].OnTimer(long.MaxValue / 2, ref sink);
                    var ours = closed[c].ToDictionary(k => k.OpenTime);
                    foreach (var (start, bar) in vendor)
                    {
                        var regular = IsRegular(start);
                        counts[c, 0]++;
                        if (regular) counts[c, 3]++;
                        if (!ours.TryGetValue(start, out var mine))
                            continue;
                        if (mine.VolumeRaw == bar.Volume) counts[c, 1]++;
                        if ((mine.OpenRaw, mine.HighRaw, mine.LowRaw, mine.CloseRaw) == (bar.Open, bar.High, bar.Low, bar.Close))
                        {
                            counts[c, 2]++;
                            if (regular) counts[c, 4]++;
                        }
                    }
                    counts[c, 5] += ours.Keys.Count(k => !vendor.ContainsKey(k));
                }
            }
        }
        return [.. Enumerable.Range(0, Candidates.Length).Select(c =>
            new Rates(Candidates[c].Name, counts[c, 0], counts[c, 1], counts[c, 2], counts[c, 3], counts[c, 4], counts[c, 5]))];
    }

    /// <summary>
    /// Why the remaining auction minutes differ: the vendor's 09:30 open is the listing exchange's opening cross
    /// (0x40 on NYSE for AIG/BAC/IBM, on Arca for SPY) and its 15:59 close the listing exchange's closing cross (0x80),
    /// stamped at or after 16:00. Measured, not adopted (docs/aggregation.md says why).
    /// </summary>
    [Fact]
    public void Vendor_auction_minutes_take_the_listing_exchange_crosses()
    {
        var root = TestData.Require("ticks/lean_equity_2013-10/trades");
        var barsRoot = TestData.Require("bars/lean_equity_minute_2013-10");
        int days = 0, openFromCross = 0, closeFromCross = 0, closeCrossAfter1600 = 0;
        foreach (var day in Days)
        {
            var date = DateOnly.ParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture);
            foreach (var sym in Symbols)
            {
                var listing = sym == "spy" ? 'P' : 'N';
                var vendor = ReadVendorBars(Path.Combine(barsRoot, $"{day}_{sym}_minute_trade.csv"), date);
                var open0930 = ToUtc(date, new TimeSpan(9, 30, 0));
                var close1559 = ToUtc(date, new TimeSpan(15, 59, 0));
                long? openCross = null, closeCross = null, closeCrossTime = null;
                using var reader = new LeanEquityTradeReader(Path.Combine(root, $"{day}_{sym}_Trade_Tick.csv"), new SymbolId(1));
                foreach (var tick in reader)
                {
                    if (tick.Venue != listing)
                        continue;
                    if ((tick.Conditions & 0x40) != 0 && openCross is null)
                        openCross = tick.PriceRaw;
                    if ((tick.Conditions & 0x80) != 0 && closeCross is null)
                        (closeCross, closeCrossTime) = (tick.PriceRaw, tick.EventTime);
                }
                days++;
                if (openCross == vendor[open0930].Open) openFromCross++;
                if (closeCross == vendor[close1559].Close) closeFromCross++;
                if (closeCrossTime >= close1559 + UtcNanos.PerMinute) closeCrossAfter1600++;
            }
        }
        output.WriteLine($"{days} symbol-days: 09:30 open = opening cross in {openFromCross}, 15:59 close = closing cross in {closeFromCross}, closing cross stamped ≥ 16:00 in {closeCrossAfter1600}");
        Assert.Equal(20, days);
        Assert.True(openFromCross >= 15, $"opening cross explains only {openFromCross} of {days} opens");
        Assert.True(closeFromCross >= 15, $"closing cross explains only {closeFromCross} of {days} closes");
    }

    private static long ToUtc(DateOnly date, TimeSpan local) =>
        UtcNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.FromTimeSpan(local)), NewYork));

    private static bool IsRegular(long utcStart)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(UtcNanos.ToDateTime(utcStart), NewYork).TimeOfDay;
        return local >= new TimeSpan(9, 30, 0) && local < new TimeSpan(16, 0, 0);
    }

    private static Dictionary<long, (long Open, long High, long Low, long Close, long Volume)> ReadVendorBars(string path, DateOnly date)
    {
        var bars = new Dictionary<long, (long, long, long, long, long)>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
                continue;
            var f = line.Split(',');
            var ms = long.Parse(f[0], CultureInfo.InvariantCulture);
            // ms since New York midnight; all these days are EDT, but convert through the zone rather than assume it
            var start = UtcNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue).AddMilliseconds(ms), NewYork));
            bars[start] = (long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture),
                long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture), long.Parse(f[5], CultureInfo.InvariantCulture));
        }
        return bars;
    }
}
