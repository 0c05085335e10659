using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal.Import;

public class BarAndCsvImportTests
{
    private static readonly SymbolId Sym = new(1);

    [Theory]
    [InlineData("default.csv", 502, "1d")]
    [InlineData("intraday.csv", 1_564, "1m")]
    [InlineData("compare.csv", 502, "1d")]
    [InlineData("bitcoin.csv", 1_246, "1d")]
    [InlineData("msft.csv", 8_111, "1d")]
    [InlineData("spx.csv", 8_111, "1d")]
    [InlineData("longish.csv", 5_285, "1d")]
    [InlineData("longest.csv", 15_821, "1d")]
    [InlineData("penny.csv", 533, "1d")]
    [InlineData("max.csv", 502, "1d")]
    [InlineData("toobig.csv", 1_246, "1d")]
    [InlineData("mismatch.csv", 502, "1d")]
    [InlineData("bad.csv", 502, "1d")]
    [InlineData("zeros.csv", 200, "1d")]
    [InlineData("_issue0859.adx.nan.csv", 595, "3m")]
    [InlineData("_issue1127.williamr.original.csv", 753, "1d")]
    [InlineData("_issue1127.williamr.revisit.csv", 749, "1d")]
    [InlineData("_issue1949.zigzag.csv", 1_430, "1m")]
    [InlineData("_issue1950.pivots.csv", 1_430, "1m")]
    public void Skender_files_have_the_documented_row_counts(string file, long rows, string timeframe)
    {
        using var reader = CsvBarReader.Skender(TestData.Require("bars/skender/" + file), Sym, Timeframe.Parse(timeframe));
        var count = reader.LongCount();
        Assert.Equal(rows, reader.Report.RowsRead);
        Assert.Equal(rows - reader.Report.Rejected, count);
        if (file != "bad.csv")
            Assert.Equal(0, reader.Report.Rejected);
    }

    [Theory]
    [InlineData("msft.csv", 506)]
    [InlineData("spx.csv", 2_215)]
    [InlineData("_issue0859.adx.nan.csv", 358)]
    public void Zero_volume_bars_are_reported(string file, long zeroVolume)
    {
        using var reader = CsvBarReader.Skender(TestData.Require("bars/skender/" + file), Sym, file.StartsWith('_') ? Timeframe.FromMinutes(3) : Timeframe.OneDay);
        _ = reader.LongCount();
        Assert.Equal(zeroVolume, reader.Report.Count(RowIssue.ZeroSize));
    }

    [Fact]
    public void Skender_bad_csv_rows_are_reported_by_reason_at_their_lines()
    {
        using var reader = new CsvBarReader(TestData.Require("bars/skender/bad.csv"), Sym, null, Timeframe.OneDay,
            zone: ExchangeDayClock.NewYork) { KeepEveryBadLine = true };
        _ = reader.LongCount();
        var report = reader.Report;
        long[] Lines(RowIssue issue) => report.Examples(issue).Select(e => e.Line).ToArray();
        static long[] Range(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => (long)i).ToArray();

        Assert.Equal(Range(202, 250), Lines(RowIssue.MissingValue).Where(l => l <= 250));
        Assert.Subset(Lines(RowIssue.PrecisionExceeded).ToHashSet(), Range(252, 257).ToHashSet());
        Assert.Equal([356L, 358, 359], Lines(RowIssue.NonPositivePrice).Where(l => l < 400));
        Assert.Equal([360L], Lines(RowIssue.NegativeSize));
        Assert.Equal([361L, 362, 363], Lines(RowIssue.InconsistentOhlc).Where(l => l < 400 && l > 300));
        Assert.Equal(Range(400, 450), Lines(RowIssue.NonPositivePrice).Where(l => l >= 400));
        var nonNumeric = Lines(RowIssue.MissingValue).Concat(Lines(RowIssue.Malformed)).Where(l => l >= 451).Order().ToArray();
        Assert.Equal(Range(451, 501), nonNumeric);
        Assert.Contains("missing-value", report.ToString());
        Assert.Contains("field 1 '' is not a date/time", report.Examples(RowIssue.MissingValue)[0].Detail);
    }

    [Fact]
    public void Skender_mismatch_csv_reports_the_rows_that_jump_back()
    {
        using var reader = CsvBarReader.Skender(TestData.Require("bars/skender/mismatch.csv"), Sym, Timeframe.OneDay);
        _ = reader.LongCount();
        Assert.Equal([21L, 41, 454, 475], reader.Report.Examples(RowIssue.OutOfOrder).Select(e => e.Line).Take(4));
    }

    [Fact]
    public void Skender_intraday_is_new_york_local_and_labelled_by_bar_start()
    {
        using var reader = CsvBarReader.Skender(TestData.Require("bars/skender/intraday.csv"), Sym, Timeframe.OneMinute);
        Assert.True(reader.TryRead(out var bar)); // 2020-12-15 09:30,367.4,367.62,367.36,367.46,407870
        Assert.Equal("2020-12-15T14:30:00Z", UtcNanos.ToIso8601(bar.OpenTime));
        Assert.Equal("2020-12-15T14:31:00Z", UtcNanos.ToIso8601(bar.CloseTime));
        Assert.Equal(Price.Parse("367.4"), bar.Open);
        Assert.Equal(2, bar.PricePrecision);
        Assert.Equal(36746L, bar.CloseRaw);
        Assert.Equal(407_870L, bar.VolumeRaw);
        Assert.Equal(CandleFlags.Closed | CandleFlags.External, bar.Flags);
    }

    [Fact]
    public void Nautilus_6e_bars_are_shifted_from_bar_end_to_bar_start()
    {
        using var reader = CsvBarReader.Nautilus(TestData.Require("bars/nautilus_6e_futures_1m/6EH4.XCME_1min_bars_20240101_20240131.csv"), Sym, Timeframe.OneMinute);
        Assert.True(reader.TryRead(out var first)); // 2024-01-01 23:01:00,1.1076,1.10785,1.1076,1.1078,205
        Assert.Equal("2024-01-01T23:00:00Z", UtcNanos.ToIso8601(first.OpenTime));
        Assert.Equal("2024-01-01T23:01:00Z", UtcNanos.ToIso8601(first.CloseTime));
        Assert.Equal(Price.Parse("1.10785"), first.High);
        Assert.Equal(29_996, 1 + reader.LongCount());
        Assert.Equal(0, reader.Report.Flagged + reader.Report.Rejected);
    }

    [Fact]
    public void Nautilus_btc_bars_read_and_float_noise_volumes_are_reported_not_rounded()
    {
        using var reader = CsvBarReader.Nautilus(TestData.Require("bars/nautilus_btc_perp_1m/btc-perp-20211231-20220201_1m.csv"), Sym, Timeframe.OneMinute);
        var kept = reader.LongCount();
        Assert.Equal(45_031, reader.Report.RowsRead);
        // e.g. line 249: volume 218102.59507500002 has 11 decimals, a binary-float artefact no exact type holds
        var noisy = reader.Report.Count(RowIssue.PrecisionExceeded);
        Assert.Equal(45_031 - noisy, kept);
        Assert.InRange(noisy, 1, 50);
        Assert.Equal([249L, 250], reader.Report.Examples(RowIssue.PrecisionExceeded).Take(2).Select(e => e.Line));
        Assert.Contains("218102.59507500002", reader.Report.Examples(RowIssue.PrecisionExceeded)[0].Detail);
    }

    [Theory]
    [InlineData("spy.csv", 973_600L)]
    [InlineData("aig.csv", 0L)]
    [InlineData("bac.csv", 0L)]
    [InlineData("ibm.csv", 0L)]
    public void Lean_daily_bars_have_5849_clean_rows(string file, long firstClose)
    {
        using var reader = new LeanBarReader(TestData.Require("bars/lean_equity_daily/" + file), Sym);
        Assert.True(reader.TryRead(out var first));
        Assert.Equal("1998-01-02T05:00:00Z", UtcNanos.ToIso8601(first.OpenTime)); // NY midnight, EST
        Assert.Equal("1998-01-03T05:00:00Z", UtcNanos.ToIso8601(first.CloseTime));
        if (firstClose != 0)
            Assert.Equal(firstClose, first.CloseRaw);
        Assert.Equal(5_849, 1 + reader.LongCount());
        Assert.Equal(5_849, reader.Report.Clean);
    }

    [Fact]
    public void Lean_equity_minute_bars_cover_the_regular_session_except_the_three_documented_missing_minutes()
    {
        var dir = TestData.Require("bars/lean_equity_minute_2013-10");
        var short1 = new[] { "20131007_aig", "20131004_ibm", "20131011_ibm" };
        var files = Directory.GetFiles(dir, "*_minute_trade.csv");
        Assert.Equal(24, files.Length);
        foreach (var file in files)
        {
            using var reader = new LeanBarReader(file, Sym);
            var regular = 0;
            foreach (var bar in reader)
            {
                var local = TimeZoneInfo.ConvertTimeFromUtc(UtcNanos.ToDateTime(bar.OpenTime), ExchangeDayClock.NewYork).TimeOfDay;
                if (local >= new TimeSpan(9, 30, 0) && local < new TimeSpan(16, 0, 0))
                    regular++;
            }
            Assert.Equal(0, reader.Report.Rejected);
            var expected = short1.Any(s => Path.GetFileName(file).StartsWith(s, StringComparison.Ordinal)) ? 389 : 390;
            Assert.True(expected == regular, $"{Path.GetFileName(file)}: {regular} regular-session bars, expected {expected}");
        }
    }

    [Fact]
    public void Lean_es_minute_trade_bars_total_23948_and_quote_bars_are_refused_with_a_reason()
    {
        var dir = TestData.Require("bars/lean_es_futures_minute");
        long bars = 0;
        foreach (var file in Directory.GetFiles(dir, "*_minute_trade_*.csv"))
        {
            using var reader = new LeanBarReader(file, Sym);
            bars += reader.LongCount();
            Assert.Equal(0, reader.Report.Rejected);
        }
        Assert.Equal(23_948, bars);
        var quote = Directory.GetFiles(dir, "*_minute_quote_*.csv")[0];
        var ex = Assert.Throws<NotSupportedException>(() => new LeanBarReader(quote, Sym));
        Assert.Contains(quote, ex.Message);

        using var first = new LeanBarReader(Path.Combine(dir, "20131006_es_minute_trade_201312.csv"), Sym);
        Assert.True(first.TryRead(out var bar)); // 79200000,1676.75,1677.25,1673.5,1675.25,1884
        Assert.Equal("2013-10-06T22:00:00Z", UtcNanos.ToIso8601(bar.OpenTime));
        Assert.Equal(167_675L, bar.OpenRaw);
        Assert.Equal(2, bar.PricePrecision);
    }

    [Fact]
    public void Es_trades_with_bbo_keep_side_bid_ask_and_both_nanosecond_clocks()
    {
        using var reader = CsvTickReader.DatabentoTradesWithBbo(TestData.Require("ticks/databento_es_futures_2023-12/esh4_trades_with_bbo_20231225.csv"), Sym);
        Assert.True(reader.TryRead(out var open)); // opening print: N, crossed BBO
        Assert.Equal(1_703_545_200_000_000_000L, open.EventTime);
        Assert.Equal(1_703_545_200_105_900_877L, open.ReceiveTime);
        Assert.Equal(AggressorSide.None, open.Side);
        Assert.Equal(Price.Parse("4800.25"), open.Price);
        Assert.Equal(Price.Parse("4809.00"), open.Bid);
        Assert.Equal(Price.Parse("4785.50"), open.Ask);
        long buys = 1, sells = 0, rows = 1;
        foreach (var t in reader)
        {
            rows++;
            if (t.Side == AggressorSide.Buy)
            {
                buys++;
                Assert.True(t.PriceRaw >= t.AskRaw);
            }
            else if (t.Side == AggressorSide.Sell)
            {
                sells++;
                Assert.True(t.PriceRaw <= t.BidRaw);
            }
            Assert.Equal(2, t.PricePrecision);
            Assert.True(t.HasBid && t.HasAsk);
        }
        Assert.Equal(2_973, rows);
        Assert.Equal(1_543, buys); // 1,542 B + the N print counted in the seed value
        Assert.Equal(1_430, sells);
        Assert.Equal(0, reader.Report.Flagged + reader.Report.Rejected);
    }

    [Fact]
    public void A_generic_csv_with_a_column_map_reads_ticks_and_bars()
    {
        var ticks = "ts,px,qty,side\n1700000000123,101.25,3,S\n1700000000124,101.5,1,B\n"u8.ToArray();
        using (var reader = new CsvTickReader(new MemoryStream(ticks), "t.csv", Sym, CsvColumnMap.Parse("time=ts,price=px,size=qty,side=side"), CsvTimeFormat.UnixMilliseconds))
        {
            var all = reader.ToList();
            Assert.Equal(2, all.Count);
            Assert.Equal(1_700_000_000_123_000_000L, all[0].EventTime);
            Assert.Equal(AggressorSide.Sell, all[0].Side);
            Assert.Equal(Price.Parse("101.5"), all[1].Price);
        }
        var bars = "2024-01-02 09:30,10,11,9,10.5,100\nnot-a-date,1,1,1,1,1\n"u8.ToArray();
        using (var reader = new CsvBarReader(new MemoryStream(bars), "b.csv", Sym, CsvColumnMap.Parse("time=0,open=1,high=2,low=3,close=4,volume=5"),
                   Timeframe.FiveMinutes, zone: ExchangeDayClock.NewYork, hasHeader: false))
        {
            var all = reader.ToList();
            Assert.Single(all);
            Assert.Equal("2024-01-02T14:30:00Z", UtcNanos.ToIso8601(all[0].OpenTime));
            Assert.Equal("2024-01-02T14:35:00Z", UtcNanos.ToIso8601(all[0].CloseTime));
            Assert.Equal(2, reader.Report.Examples(RowIssue.Malformed)[0].Line);
        }
        var ex = Assert.Throws<FormatException>(() => CsvColumnMap.Parse("time=0,price=1"));
        Assert.Contains("has no 'size'", ex.Message);
    }
}
