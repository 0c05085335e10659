using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Journal.Import;

public class ImporterTests
{
    [Fact]
    public void Equity_trade_files_hold_the_documented_rows_per_symbol()
    {
        var dir = TestData.Require("ticks/lean_equity_2013-10/trades");
        var rows = new Dictionary<string, long>();
        foreach (var file in Directory.GetFiles(dir, "*_Trade_Tick.csv"))
        {
            using var reader = new LeanEquityTradeReader(file, new SymbolId(1));
            var symbol = LeanFileName.Parse(file).Symbol;
            rows[symbol] = rows.GetValueOrDefault(symbol) + reader.LongCount();
            Assert.Equal(0, reader.Report.Rejected);
        }
        Assert.Equal(1_887_460, rows["SPY"]);
        Assert.Equal(573_620, rows["BAC"]);
        Assert.Equal(206_337, rows["AIG"]);
        Assert.Equal(126_395, rows["IBM"]);
        Assert.Equal(2_793_812, rows.Values.Sum());
    }

    [Fact]
    public void Importer_journals_every_accepted_row_names_symbols_from_files_and_reports_per_file()
    {
        var trades = TestData.Require("ticks/lean_equity_2013-10/trades");
        var files = Directory.GetFiles(trades, "*_ibm_Trade_Tick.csv").Order(StringComparer.Ordinal)
            .Append(Path.Combine(trades, "20131010_spy_Trade_Tick.csv")).ToArray();
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            var symbols = new SymbolRegistry();
            IReadOnlyList<ImportReport> reports;
            using (var writer = JournalWriter.Open(dir, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.None }))
                reports = Importer.Import(files, writer, symbols, new ImportOptions { Format = ImportFormat.LeanEquityTrades });
            Assert.Equal(6, reports.Count);
            Assert.Equal(126_395, reports.Take(5).Sum(r => r.Accepted));
            Assert.Equal(10, reports[5].Count(RowIssue.Suspicious));
            Assert.Equal(["IBM", "SPY"], symbols.Names);

            using var reader = new JournalReader(dir);
            long n = 0, spy = 0, suspicious = 0;
            foreach (var e in reader)
            {
                n++;
                Assert.Equal(n, e.SourceSequence);
                Assert.Equal(n, reader.SourceSequenceAtWrite);
                if (reader.Symbols.NameOf(e.Symbol) == "SPY")
                    spy++;
                if (e.Tick.IsSuspicious)
                    suspicious++;
            }
            Assert.Equal(126_395 + 460_032, n);
            Assert.Equal(460_032, spy);
            Assert.Equal(10, suspicious);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Rejecting_importer_drops_the_459_zero_size_gold_trades_but_reports_each_file()
    {
        var gold = TestData.Require("ticks/lean_gc_futures_2013-10");
        var dir = JournalTestEvents.TempDirectory();
        try
        {
            var symbols = new SymbolRegistry();
            IReadOnlyList<ImportReport> reports;
            long journaled;
            using (var writer = JournalWriter.Open(dir, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.None }))
            {
                reports = Importer.Import(Directory.GetFiles(gold).Order(StringComparer.Ordinal), writer, symbols,
                    new ImportOptions { Format = ImportFormat.LeanFuturesTrades, PricePrecision = 1, Policy = BadRowPolicy.Reject });
                journaled = writer.NextSequence - 1;
            }
            Assert.Equal(27, reports.Count);
            Assert.Equal(459, reports.Sum(r => r.Count(RowIssue.ZeroSize)));
            Assert.Equal(459, reports.Sum(r => r.Rejected));
            Assert.Equal(157_849 - 459, journaled);
            Assert.Contains("GCZ13", symbols.Names); // Lean GC + expiry 201312: the contract, normalised
            Assert.Equal(157_849, reports.Sum(r => r.RowsRead));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
