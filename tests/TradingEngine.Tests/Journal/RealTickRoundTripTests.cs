using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal;

/// <summary>
/// Import → journal → read on the real tick files: every field of every event comes back bit for bit.
/// All files are streamed (bounded rows each, to keep the suite quick on a shared 2-core box) and one full day of
/// SPY end to end. The source is read twice (once to write, once to compare) so memory stays bounded.
/// </summary>
public class RealTickRoundTripTests
{
    private const int RowsPerFile = 20_000;

    public static TheoryData<string> TickFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in new[]
                 {
                     "lean_equity_2013-10/trades", "lean_equity_2013-10/quotes", "lean_equity_2013-10/quotes/bac_zipped", "lean_gc_futures_2013-10",
                     "databento_es_futures_2023-12",
                 })
        {
            var dir = Path.Combine(TestData.Root, "ticks", f);
            if (!Directory.Exists(dir))
                continue;
            foreach (var file in Directory.GetFiles(dir).Where(p => p.EndsWith(".csv", StringComparison.Ordinal) || p.EndsWith(".zip", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(TestData.Root, file));
        }
        if (data.Count == 0)
            data.Add("ticks/lean_equity_2013-10/trades/20131008_spy_Trade_Tick.csv"); // so a missing data set shows up as a skip/fail, not as no test
        return data;
    }

    [Theory]
    [MemberData(nameof(TickFiles))]
    public void Every_field_of_every_real_tick_survives_the_journal(string relative)
    {
        var path = TestData.Require(relative);
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            var symbols = new SymbolRegistry();
            var symbol = symbols.GetOrAdd("X");
            var written = RoundTrip(dir, symbols, () => Open(path, symbol), RowsPerFile);
            // 20131007_gc_tick_trade_201410.csv holds two zero-size trades only, which import refuses as live ingestion does
            Assert.True(written > 0 || relative.EndsWith("20131007_gc_tick_trade_201410.csv", StringComparison.Ordinal), relative);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_full_day_of_spy_ticks_round_trips_in_at_most_6_bytes_per_tick()
    {
        var path = TestData.Require("ticks/lean_equity_2013-10/trades/20131010_spy_Trade_Tick.csv");
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            var symbols = new SymbolRegistry();
            var symbol = symbols.GetOrAdd("SPY");
            var count = RoundTrip(dir, symbols, () => Open(path, symbol), long.MaxValue);
            Assert.Equal(460_032, count);
            var bytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
            var perTick = (double)bytes / count;
            Assert.True(perTick <= 6.0, $"{perTick:F2} bytes per tick ({bytes} bytes for {count} ticks)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static long RoundTrip(string dir, SymbolRegistry symbols, Func<IEnumerator<MarketEvent>> source, long limit)
    {
        long count = 0;
        using (var writer = JournalWriter.Open(dir, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.None }))
        using (var events = source())
        {
            while (count < limit && events.MoveNext())
            {
                writer.Append(events.Current);
                count++;
            }
        }
        using var reader = new JournalReader(dir, symbols);
        using var expected = source();
        long n = 0;
        while (reader.TryRead(out var actual))
        {
            Assert.True(expected.MoveNext());
            n++;
            JournalTestEvents.AssertSame(expected.Current, in actual, n);
        }
        Assert.Null(reader.Damage);
        Assert.Equal(count, n);
        return count;
    }

    private static IEnumerator<MarketEvent> Open(string path, SymbolId symbol)
    {
        var name = Path.GetFileName(path);
        long row = 0;
        if (name.EndsWith("_Trade_Tick.csv", StringComparison.Ordinal))
        {
            using var r = new LeanEquityTradeReader(path, symbol);
            foreach (var t in r)
                yield return MarketEvent.FromTick(t, ++row);
        }
        else if (name.EndsWith("_Quote_Tick.csv", StringComparison.Ordinal))
        {
            using var r = new LeanEquityQuoteReader(path, symbol);
            foreach (var q in r)
                yield return MarketEvent.FromQuote(q, ++row);
        }
        else if (name.EndsWith("_quote.zip", StringComparison.Ordinal))
        {
            using var r = LeanEquityQuoteReader.OpenZip(path, symbol);
            foreach (var q in r)
                yield return MarketEvent.FromQuote(q, ++row);
        }
        else if (name.Contains("_gc_tick_trade_", StringComparison.Ordinal))
        {
            using var r = new LeanFuturesTradeReader(path, symbol, pricePrecision: 1);
            foreach (var t in r)
                yield return MarketEvent.FromTick(t, ++row);
        }
        else if (name.EndsWith("_trades_with_bbo_20231225.csv", StringComparison.Ordinal))
        {
            using var r = CsvTickReader.DatabentoTradesWithBbo(path, symbol);
            foreach (var t in r)
                yield return MarketEvent.FromTick(t, ++row);
        }
        else
        {
            throw new InvalidOperationException($"{path}: no reader for this file in the round-trip test");
        }
    }
}
