using TradingEngine.Hosting.Replay;
using TradingEngine.Cli.Sweep;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Cli.Sweep;

/// <summary>
/// te sweep on the real SPY day (2013-10-08, two hours of it to stay in seconds): each variant gives the hash of a plain
/// te replay with the same --set parameters, the grid and random search are what the spec says, and walk-forward keeps
/// the out-of-sample runs apart.
/// </summary>
public sealed class SweepRunnerTests : IDisposable
{
    private static readonly long From = UtcNanos.FromDateTime(new DateTime(2013, 10, 8, 13, 30, 0, DateTimeKind.Utc));
    private static readonly long To = UtcNanos.FromDateTime(new DateTime(2013, 10, 8, 15, 30, 0, DateTimeKind.Utc));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-sweep-");

    private static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    public void Dispose() => _dir.Delete(recursive: true);

    private string SpyJournal()
    {
        var file = TestData.Require("ticks/lean_equity_2013-10/trades/20131008_spy_Trade_Tick.csv");
        var journal = Path.Combine(_dir.FullName, "spy");
        var symbols = new SymbolRegistry();
        using var writer = JournalWriter.Open(journal, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.None });
        Importer.Import([file], writer, symbols, new ImportOptions
        {
            Format = ImportFormat.LeanEquityTrades,
            Instruments = InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), new SymbolRegistry()),
        });
        return journal;
    }

    private SweepSpec Spec(string yaml)
    {
        var path = Path.Combine(_dir.FullName, $"sweep{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return SweepSpec.Load(path);
    }

    private static ReplaySummary PlainReplay(string journal, IReadOnlyList<ParameterOverride> sets, long from, long to) => ReplayRunner.Run(new ReplayOptions
    {
        Source = ReplaySource.Journal,
        JournalDirectory = journal,
        InstrumentsPath = Repo("pipelines/instruments.yaml"),
        Overrides = sets,
        From = from,
        To = to,
    });

    [Fact]
    public void Every_variant_has_the_hash_of_a_plain_replay_with_its_parameters()
    {
        var journal = SpyJournal();
        var spec = Spec("parameters:\n  mean_15m.period: [2..6 step 2]\n  cross_5m.threshold: [0.01]\n");
        var report = SweepRunner.Run(new SweepOptions
        {
            JournalDirectory = journal, Spec = spec, InstrumentsPath = Repo("pipelines/instruments.yaml"), From = From, To = To, Parallelism = 2,
        });
        Assert.Equal(["2", "4", "6"], report.InSample.Select(r => r.Parameters[0].Value));
        foreach (var r in report.InSample)
        {
            var plain = PlainReplay(journal, r.Parameters, From, To);
            Assert.Equal(plain.HashText, r.Summary.HashText);
            Assert.Equal(plain.Events, r.Summary.Events);
            Assert.Equal(plain.Signals, r.Summary.Signals);
            Assert.Equal(plain.Report!.Strategies.Sum(s => s.Trades), r.Trades);
        }
        // the parameter reaches the graph: the variants differ from each other
        Assert.Equal(3, report.InSample.Select(r => r.Summary.OutputHash).Distinct().Count());
        var csv = new StringWriter();
        report.WriteCsv(csv);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("window,variant,mean_15m.period,cross_5m.threshold,trades,net_pnl,max_drawdown,win_rate,signals,events,node_failures,hash", lines[0]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void Walk_forward_tests_the_best_variant_of_each_span_on_the_next_one_apart()
    {
        var journal = SpyJournal();
        var spec = Spec("parameters:\n  ema_fast_5m.period: [4, 8]\nmetric: net_pnl\n");
        var report = SweepRunner.Run(new SweepOptions
        {
            JournalDirectory = journal, Spec = spec, InstrumentsPath = Repo("pipelines/instruments.yaml"), From = From, To = To, WalkForward = 2,
        });
        Assert.Equal(2, report.Folds.Count);
        Assert.Equal(4, report.InSample.Count);
        Assert.Equal(2, report.OutOfSample.Count);
        foreach (var fold in report.Folds)
        {
            var train = report.InSample.Where(r => r.Summary.FirstEventTime >= fold.TrainFrom && r.Summary.LastEventTime < fold.TestFrom).ToList();
            Assert.Equal(2, train.Count);
            Assert.Equal(train.Max(r => r.NetPnl), fold.Best.NetPnl);
            Assert.True(fold.OutOfSample.Summary.FirstEventTime >= fold.TestFrom && fold.OutOfSample.Summary.LastEventTime < fold.TestTo);
            Assert.Equal(PlainReplay(journal, fold.Best.Parameters, fold.TestFrom, fold.TestTo).HashText, fold.OutOfSample.Summary.HashText);
        }
        using var json = new MemoryStream();
        report.WriteJson(json);
        var text = System.Text.Encoding.UTF8.GetString(json.ToArray());
        Assert.Contains("\"out_of_sample\": [", text, StringComparison.Ordinal);
        Assert.Contains("\"chosen\": \"v00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Grid_ranges_and_random_samples_are_what_the_file_says()
    {
        var grid = Spec("parameters:\n  a.period: [5..30 step 5]\n  b.threshold: [0.5..1 step 0.25, 2]\n");
        var variants = grid.Variants();
        Assert.Equal(6 * 4, variants.Count);
        Assert.Equal("a.period=5 b.threshold=0.5", string.Join(" ", variants[0]));
        Assert.Equal("a.period=30 b.threshold=2", string.Join(" ", variants[^1]));
        var random = Spec("parameters:\n  a.period: [1..100]\nsearch: random\nsamples: 10\nseed: 7\n");
        var drawn = random.Variants().Select(v => v[0].Value).ToList();
        Assert.Equal(10, drawn.Distinct().Count());
        Assert.Equal(drawn, random.Variants().Select(v => v[0].Value));
        Assert.NotEqual(drawn, Spec("parameters:\n  a.period: [1..100]\nsearch: random\nsamples: 10\nseed: 8\n").Variants().Select(v => v[0].Value));
        var e = Assert.Throws<FormatException>(() => Spec("parameters:\n  a.period: [1..5]\nmetric: sharpe\n"));
        Assert.EndsWith(":3: metric 'sharpe': expected one of net_pnl, win_rate, trades, max_drawdown", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1..99999999999999999999999999999]")]                          // past decimal's range: was an OverflowException
    [InlineData("[-79228162514264337593543950335..79228162514264337593543950335]")] // LAST - FIRST overflows
    [InlineData("[1..1000000 step 0.001]")]                                     // a billion values
    [InlineData("[5..1]")]
    public void A_range_that_cannot_be_listed_is_a_format_error_naming_it(string range)
    {
        var e = Assert.Throws<FormatException>(() => Spec($"parameters:\n  a.period: {range}\n"));
        Assert.Contains("range '", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_set_naming_no_node_of_the_pipeline_is_an_error_listing_the_nodes()
    {
        var spec = PipelineLoader.LoadFile(Repo("pipelines/us_equity.yaml"));
        var e = Assert.Throws<ArgumentException>(() => PipelineOverrides.Apply(spec, [ParameterOverride.Parse("ema_fast.period=5")]));
        Assert.Contains("has no node 'ema_fast' (nodes: session_vwap, spread", e.Message, StringComparison.Ordinal);
        Assert.Equal(new ParameterOverride("cross_5m", "threshold", "0.02"), ParameterOverride.Parse("cross_5m.threshold=0.02"));
        Assert.Throws<FormatException>(() => ParameterOverride.Parse("period=5"));
    }
}
