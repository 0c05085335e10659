using System.IO.Compression;
using System.Text;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal.Import;

public class LeanTickReaderTests
{
    private const string Trades = "ticks/lean_equity_2013-10/trades/";
    private const string Quotes = "ticks/lean_equity_2013-10/quotes/";
    private const string Gold = "ticks/lean_gc_futures_2013-10/";
    private static readonly SymbolId Spy = new(1);

    [Fact]
    public void First_spy_trade_of_2013_10_08_is_exact_in_every_field()
    {
        using var reader = new LeanEquityTradeReader(TestData.Require(Trades + "20131008_spy_Trade_Tick.csv"), Spy);
        Assert.True(reader.TryRead(out var tick));
        // 14417034 ms after NY midnight = 04:00:17.034 EDT = 08:00:17.034Z
        Assert.Equal("2013-10-08T08:00:17.034Z", UtcNanos.ToIso8601(tick.EventTime));
        Assert.Equal(Spy, tick.Symbol);
        Assert.Equal(Price.Parse("167.42"), tick.Price);
        Assert.Equal(4, tick.PricePrecision);
        Assert.Equal(1674200L, tick.PriceRaw);
        Assert.Equal(210L, tick.SizeRaw);
        Assert.Equal(0, tick.SizePrecision);
        Assert.Equal((ushort)'Q', tick.Venue);
        Assert.Equal(0x2000u, tick.Conditions);
        Assert.Equal(TickFlags.None, tick.Flags);
        Assert.Equal(AggressorSide.None, tick.Side);
        Assert.Equal(0L, tick.ReceiveTime);
        Assert.True(reader.TryRead(out tick));
        Assert.Equal(0x20002020u, tick.Conditions);
    }

    [Theory]
    [InlineData("20131007_spy_Trade_Tick.csv", 250_601)]
    [InlineData("20131008_spy_Trade_Tick.csv", 451_545)]
    [InlineData("20131009_spy_Trade_Tick.csv", 439_677)]
    [InlineData("20131010_spy_Trade_Tick.csv", 460_032)]
    [InlineData("20131011_spy_Trade_Tick.csv", 285_605)]
    public void Spy_trade_files_have_the_documented_row_counts(string file, long rows)
    {
        using var reader = new LeanEquityTradeReader(TestData.Require(Trades + file), Spy);
        long count = 0, previous = long.MinValue;
        foreach (var tick in reader)
        {
            Assert.True(tick.EventTime >= previous);
            previous = tick.EventTime;
            count++;
        }
        Assert.Equal(rows, count);
        Assert.Equal(rows, reader.Report.RowsRead);
        Assert.Equal(0, reader.Report.Count(RowIssue.Malformed));
        Assert.Equal(0, reader.Report.Rejected);
    }

    [Fact]
    public void The_ten_suspicious_spy_prints_of_2013_10_10_are_reported_and_kept_flagged()
    {
        using var reader = new LeanEquityTradeReader(TestData.Require(Trades + "20131010_spy_Trade_Tick.csv"), Spy);
        var suspicious = new List<Tick>();
        foreach (var tick in reader)
            if (tick.IsSuspicious)
                suspicious.Add(tick);

        var report = reader.Report;
        Assert.Equal(10, report.Count(RowIssue.Suspicious));
        Assert.Equal(10, report.Flagged);
        Assert.Equal(460_032, report.Accepted);
        Assert.Equal([453114L, 455166, 456502, 456512, 456546], report.Examples(RowIssue.Suspicious).Select(e => e.Line));
        Assert.Equal("57749465,1655900,250629,D,20002000,1", report.Examples(RowIssue.Suspicious)[0].Detail);
        Assert.Equal(10, suspicious.Count);
        Assert.All(suspicious, t =>
        {
            Assert.Equal(1655900L, t.PriceRaw);
            Assert.Equal(TickFlags.Suspicious | TickFlags.Flagged, t.Flags);
        });
        Assert.Contains("suspicious: 10 (lines 453114, 455166, 456502, 456512, 456546, ...)", report.ToString());
    }

    [Fact]
    public void Reject_policy_drops_the_suspicious_prints_but_still_reports_them()
    {
        using var reader = new LeanEquityTradeReader(TestData.Require(Trades + "20131010_spy_Trade_Tick.csv"), Spy, BadRowPolicy.Reject);
        long count = 0;
        foreach (var tick in reader)
        {
            Assert.False(tick.IsSuspicious);
            count++;
        }
        Assert.Equal(460_032 - 10, count);
        Assert.Equal(10, reader.Report.Rejected);
        Assert.Equal(10, reader.Report.Count(RowIssue.Suspicious));
    }

    [Theory]
    [InlineData("20131007_ibm_Quote_Tick.csv", 109_067, 1)]
    [InlineData("20131008_ibm_Quote_Tick.csv", 125_750, 1)]
    [InlineData("20131009_ibm_Quote_Tick.csv", 135_492, 0)]
    [InlineData("20131010_ibm_Quote_Tick.csv", 105_428, 1)]
    [InlineData("20131011_ibm_Quote_Tick.csv", 99_852, 0)]
    public void Ibm_quote_files_have_the_documented_row_counts_and_suspicious_last_rows(string file, long rows, int suspicious)
    {
        using var reader = new LeanEquityQuoteReader(TestData.Require(Quotes + file), new SymbolId(4));
        Quote last = default;
        long count = 0;
        foreach (var quote in reader)
        {
            last = quote;
            count++;
        }
        Assert.Equal(rows, count);
        Assert.Equal(suspicious, reader.Report.Count(RowIssue.Suspicious));
        if (suspicious == 1)
        {
            Assert.Equal(rows, reader.Report.Examples(RowIssue.Suspicious)[0].Line);
            Assert.Equal(QuoteFlags.Suspicious | QuoteFlags.Flagged, last.Flags);
        }
    }

    [Fact]
    public void Ibm_quote_row_keeps_the_absent_side_at_zero()
    {
        using var reader = new LeanEquityQuoteReader(TestData.Require(Quotes + "20131007_ibm_Quote_Tick.csv"), new SymbolId(4));
        Assert.True(reader.TryRead(out var q)); // 14400054,0,0,1836300,100,Q,1,0
        Assert.Equal("2013-10-07T08:00:00.054Z", UtcNanos.ToIso8601(q.EventTime));
        Assert.False(q.HasBid);
        Assert.Equal(Price.Parse("183.63"), q.Ask);
        Assert.Equal(100L, q.AskSizeRaw);
        Assert.Equal((ushort)'Q', q.Venue);
        Assert.Equal(1u, q.Conditions);
        Assert.True(reader.TryRead(out q)); // 14400241,1800100,300,0,0,P,1,0
        Assert.Equal(1800100L, q.BidRaw);
        Assert.Equal(300L, q.BidSizeRaw);
        Assert.False(q.HasAsk);
    }

    [Fact]
    public void Bac_quotes_stream_from_the_zip_with_one_quote_per_line()
    {
        var zip = TestData.Require(Quotes + "bac_zipped/20131007_quote.zip");
        long lines;
        using (var archive = ZipFile.OpenRead(zip))
        using (var stream = archive.Entries.Single().Open())
        {
            lines = 0;
            var buffer = new byte[1 << 16];
            int read;
            var last = (byte)'\n';
            while ((read = stream.Read(buffer)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                last = buffer[read - 1];
            }
            if (last != (byte)'\n')
                lines++;
        }
        using var reader = LeanEquityQuoteReader.OpenZip(zip, new SymbolId(3));
        long count = 0;
        foreach (var quote in reader)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(UtcNanos.ToDateTime(quote.EventTime), ExchangeDayClock.NewYork);
            Assert.Equal(new DateOnly(2013, 10, 7), DateOnly.FromDateTime(local));
            count++;
        }
        Assert.True(count > 100_000, $"{count} quotes");
        Assert.Equal(lines, reader.Report.RowsRead);
        Assert.Equal(0, reader.Report.Count(RowIssue.Malformed));
        Assert.EndsWith("!20131007_bac_Quote_Tick.csv", reader.Source);
    }

    [Theory]
    [InlineData("20131007_gc_tick_trade_201312.csv", 92)]
    [InlineData("20131008_gc_tick_trade_201312.csv", 75)]
    [InlineData("20131009_gc_tick_trade_201312.csv", 129)]
    public void Zero_size_gold_trades_are_reported_and_dropped_even_under_the_flag_policy(string file, long zeroSize)
    {
        // live ingestion refuses zero-size trades (RejectReason.ZeroSize); import keeps the same policy
        using var reader = new LeanFuturesTradeReader(TestData.Require(Gold + file), new SymbolId(7), pricePrecision: 1);
        foreach (var tick in reader)
            Assert.NotEqual(0L, tick.SizeRaw);
        Assert.Equal(zeroSize, reader.Report.Count(RowIssue.ZeroSize));
        Assert.Equal(zeroSize, reader.Report.Rejected);
        Assert.Equal(0, reader.Report.Count(RowIssue.Malformed));
    }

    [Fact]
    public void All_gold_files_hold_157849_trades_of_which_the_459_zero_size_ones_are_dropped()
    {
        var dir = TestData.Require(Gold);
        long rows = 0, read = 0, zero = 0;
        foreach (var file in Directory.EnumerateFiles(dir, "*.csv"))
        {
            using var reader = new LeanFuturesTradeReader(file, new SymbolId(7), pricePrecision: 1);
            foreach (var _ in reader)
                rows++;
            read += reader.Report.RowsRead;
            zero += reader.Report.Count(RowIssue.ZeroSize);
            Assert.Equal(0, reader.Report.Count(RowIssue.Malformed));
        }
        Assert.Equal(157_849, read);
        Assert.Equal(459, zero);
        Assert.Equal(157_849 - 459, rows);
    }

    [Fact]
    public void Gold_trade_time_is_ms_since_utc_midnight_and_price_exact()
    {
        using var reader = new LeanFuturesTradeReader(TestData.Require(Gold + "20131007_gc_tick_trade_201312.csv"), new SymbolId(7), pricePrecision: 1);
        Assert.True(reader.TryRead(out var tick)); // 276,1313.7,1,usa,,0
        Assert.Equal("2013-10-07T00:00:00.276Z", UtcNanos.ToIso8601(tick.EventTime));
        Assert.Equal(13137L, tick.PriceRaw);
        Assert.Equal(1, tick.PricePrecision);
        Assert.Equal(1L, tick.SizeRaw);
        Assert.Equal((ushort)0, tick.Venue);
    }

    [Fact]
    public void A_price_finer_than_the_instrument_precision_is_rejected_not_rounded()
    {
        var text = "276,1313.75,1,usa,,0\n277,1313.7,1,usa,,0"u8.ToArray();
        using var reader = new LeanFuturesTradeReader(new MemoryStream(text), "gc.csv", new DateOnly(2013, 10, 7), new SymbolId(7), pricePrecision: 1);
        var ticks = reader.ToList();
        Assert.Single(ticks);
        Assert.Equal(1, reader.Report.Count(RowIssue.PrecisionExceeded));
        Assert.Equal(1, reader.Report.Rejected);
        var example = reader.Report.Examples(RowIssue.PrecisionExceeded)[0];
        Assert.Equal(1, example.Line);
        Assert.Contains("field 2 '1313.75' is not a decimal price exact at 1 decimals", example.Detail);
    }

    [Fact]
    public void Malformed_rows_are_rejected_with_line_and_reason_even_under_flag_policy()
    {
        var text = Encoding.ASCII.GetBytes("14417034,1674200,210,Q,2000,0\r\nabc,1674200,210,Q,2000,0\r\n14417035,1674200,210,Q,zz,0\r\n\r\n14417036,1674200,-5,Q,2000,0\r\n14417000,1674200,5,Q,2000,0");
        using var reader = new LeanEquityTradeReader(new MemoryStream(text), "x.csv", new DateOnly(2013, 10, 8), Spy);
        var ticks = reader.ToList();
        Assert.Equal(3, ticks.Count);
        var report = reader.Report;
        Assert.Equal(5, report.RowsRead);
        Assert.Equal(2, report.Count(RowIssue.Malformed));
        Assert.Equal([2L, 3], report.Examples(RowIssue.Malformed).Select(e => e.Line));
        Assert.Contains("field 1 'abc' is not milliseconds since New York midnight", report.Examples(RowIssue.Malformed)[0].Detail);
        Assert.Equal(5, report.Examples(RowIssue.NegativeSize)[0].Line);
        Assert.Equal(6, report.Examples(RowIssue.OutOfOrder)[0].Line);
        Assert.Equal(2, report.Rejected);
        Assert.Equal(2, report.Flagged);
    }

    [Fact]
    public void New_york_midnight_follows_daylight_saving()
    {
        // 2013-03-10: clocks jump 02:00 EST → 03:00 EDT. 01:00 local = 06:00Z, 03:00 local = 07:00Z.
        var clock = new ExchangeDayClock(new DateOnly(2013, 3, 10), ExchangeDayClock.NewYork);
        Assert.Equal("2013-03-10T06:00:00Z", UtcNanos.ToIso8601(clock.ToUtcNanos(1 * UtcNanos.PerHour)));
        Assert.Equal("2013-03-10T07:00:00.000000001Z", UtcNanos.ToIso8601(clock.ToUtcNanos(3 * UtcNanos.PerHour + 1)));
        var winter = new ExchangeDayClock(new DateOnly(2013, 12, 2), ExchangeDayClock.NewYork);
        Assert.Equal("2013-12-02T14:30:00Z", UtcNanos.ToIso8601(winter.ToUtcNanos(9 * UtcNanos.PerHour + 30 * UtcNanos.PerMinute)));
    }
}
