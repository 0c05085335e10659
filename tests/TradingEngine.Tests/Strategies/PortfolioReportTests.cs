using System.Text.Json;
using TradingEngine.Hosting.Replay;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Strategies;

/// <summary>The account view of report.json (portfolio): totals, exposure by symbol, attribution, correlation.</summary>
public sealed class PortfolioReportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-portfolio-");

    private static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Pearson_of_daily_pnl_is_plus_or_minus_one_on_lines_and_null_without_variance()
    {
        static IReadOnlyList<DailyPnl> D(params double[] v) => [.. v.Select((p, i) => new DailyPnl(i, p))];
        Assert.Equal(1.0, PortfolioReport.Pearson(D(1, 2, 3), D(2, 4, 6))!.Value, 12);
        Assert.Equal(-1.0, PortfolioReport.Pearson(D(1, 2, 3), D(3, 2, 1))!.Value, 12);
        Assert.Null(PortfolioReport.Pearson(D(1, 2, 3), D(5, 5, 5)));
        Assert.Null(PortfolioReport.Pearson(D(1), D(2)));
    }

    [Fact]
    public void Two_equity_symbols_over_two_days_sum_up_in_the_account_view()
    {
        var journal = Path.Combine(_dir.FullName, "eq");
        var symbols = new SymbolRegistry();
        using (var writer = JournalWriter.Open(journal, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.None }))
        {
            Importer.Import([
                TestData.Require("ticks/lean_equity_2013-10/trades/20131007_ibm_Trade_Tick.csv"),
                TestData.Require("ticks/lean_equity_2013-10/trades/20131008_ibm_Trade_Tick.csv"),
                TestData.Require("ticks/lean_equity_2013-10/trades/20131007_aig_Trade_Tick.csv"),
                TestData.Require("ticks/lean_equity_2013-10/trades/20131008_aig_Trade_Tick.csv"),
            ], writer, symbols, new ImportOptions
            {
                Format = ImportFormat.LeanEquityTrades,
                Instruments = InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), new SymbolRegistry()),
            });
        }
        var reportDir = Path.Combine(_dir.FullName, "report");
        var summary = ReplayRunner.Run(new ReplayOptions
        {
            Source = ReplaySource.Journal,
            JournalDirectory = journal,
            InstrumentsPath = Repo("pipelines/instruments.yaml"),
            ReportDirectory = reportDir,
        });
        var report = summary.Report!;
        var p = report.Portfolio!;
        Assert.Equal("USD", p.AccountCurrency);
        Assert.Equal(report.Strategies.Sum(s => s.NetPnl), p.NetPnl!.Value, 6);
        Assert.Equal(p.NetPnl!.Value, p.Attribution.Sum(a => a.NetPnl), 6);
        Assert.Equal(report.Trades.Count, p.Symbols.Sum(s => s.Trades));
        Assert.True(p.Symbols.Count >= 1 && report.Trades.Count > 0, $"{report.Trades.Count} trades");
        Assert.All(p.Symbols, s =>
        {
            Assert.InRange(s.TimeInMarket, 0, 1);
            Assert.Equal(1.0, s.PointValue);
            var largest = report.Trades.Where(t => t.Symbol == s.Symbol).Max(t => Math.Abs(t.Quantity) * t.EntryPrice);
            Assert.Equal(largest, s.MaxNotional!.Value, 6);
        });
        for (var i = 0; i < p.CorrelationStrategies.Count; i++)
            Assert.True(p.Correlation[i][i] is null || Math.Abs(p.Correlation[i][i]!.Value - 1) < 1e-9);
        // report.json keeps its fields and gains portfolio
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(reportDir, "report.json")));
        var root = json.RootElement;
        Assert.Equal(["days", "min_days_for_ratios", "strategies", "trades", "portfolio"], root.EnumerateObject().Select(o => o.Name));
        var portfolio = root.GetProperty("portfolio");
        Assert.Equal(["account_currency", "starting_cash", "cash", "net_pnl", "exposure_by_symbol", "attribution", "correlation"], portfolio.EnumerateObject().Select(o => o.Name));
        Assert.Equal(p.CorrelationStrategies.Count, portfolio.GetProperty("correlation").GetProperty("daily_pnl").GetArrayLength());
    }
}
