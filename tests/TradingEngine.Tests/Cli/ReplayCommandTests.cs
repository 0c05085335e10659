using TradingEngine.Cli.Commands;
using TradingEngine.Hosting.Replay;
using TradingEngine.Engine.Simulation;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Cli;

/// <summary>
/// The default run (<c>./run.sh</c> = <c>te replay --synthetic --pipeline pipelines/es_futures.yaml</c>): its counts and
/// output hash are a contract. A change to the pipeline, a node or the aggregation that moves the hash must
/// update the golden value here, on purpose.
/// </summary>
public class ReplayCommandTests
{
    private static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    private static ReplaySummary Default(SyntheticSessionOptions options) =>
        ReplayCommand.ReplaySynthetic(options, Repo("pipelines/es_futures.yaml"), Repo("pipelines/instruments.yaml"));

    [Fact]
    public void Default_synthetic_replay_has_known_counts_and_hash()
    {
        var summary = Default(new SyntheticSessionOptions());
        Assert.Equal(200_000, summary.Ticks);
        Assert.Equal(27_767, summary.Timers);
        Assert.Equal(summary.Ticks + summary.Timers, summary.Events);
        Assert.Equal(0, summary.NodeFailures);
        Assert.True(summary.Candles > 0, "the pipeline closes candles");
        // moved from d9a66900a13feb13 on purpose (issue 19): the replay's end of input now closes the forming candles
        // (end_of_data) and the nodes run on them; numeric outputs are hashed as the node_value messages they are
        // published as; the hash names symbols and leaves source sequences out; binary frames are version 2.
        // Moved from b39218c103001a79 on purpose (issue 24): trade signals carry trigger_values and trigger_inputs; the
        // 414,907 outputs are otherwise the same, line for line. Moved from c6366d157e0c6f98 on purpose (issue 25): binary
        // frames are version 4 (an output frame carries its output index; the replay hashes it as -1, not numbered)
        Assert.Equal("xxh64:7c66cbaec051c6e1", summary.HashText);
        Assert.Equal(5, summary.EndOfDataCandles); // one forming candle per timeframe of es_futures.yaml (1m 5m 15m 1h 1d)
        // the default pipeline runs the three strategies: the replay ends with their backtest report
        Assert.NotNull(summary.Report);
        Assert.Equal(3, summary.Report.Strategies.Count);
        Assert.True(summary.Report.Trades.Count > 0, "the strategies trade on the default session");
        Assert.True(summary.Signals > 0);
    }

    [Fact]
    public void Report_files_are_identical_across_two_runs()
    {
        var dir = Directory.CreateTempSubdirectory("te-report-");
        try
        {
            string[] Run(string name)
            {
                var target = Path.Combine(dir.FullName, name);
                ReplayRunner.Run(new ReplayOptions
                {
                    Synthetic = new SyntheticSessionOptions { TickCount = 60_000 },
                    PipelinePath = Repo("pipelines/es_futures.yaml"),
                    InstrumentsPath = Repo("pipelines/instruments.yaml"),
                    ReportDirectory = target,
                });
                return [File.ReadAllText(Path.Combine(target, "report.json")), File.ReadAllText(Path.Combine(target, "trades.csv"))];
            }
            var a = Run("a");
            var b = Run("b");
            Assert.Equal(a, b);
            Assert.StartsWith("strategy,", a[1]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Two_runs_give_the_same_hash_and_another_seed_does_not()
    {
        var a = Default(new SyntheticSessionOptions { TickCount = 20_000 });
        var b = Default(new SyntheticSessionOptions { TickCount = 20_000 });
        var c = Default(new SyntheticSessionOptions { TickCount = 20_000, Seed = 7 });
        Assert.Equal(a.HashText, b.HashText);
        Assert.Equal(a.Events, b.Events);
        Assert.Equal(a.Candles, b.Candles);
        Assert.NotEqual(a.HashText, c.HashText);
    }

    [Theory]
    [InlineData("max", 0.0)]
    [InlineData("1x", 1.0)]
    [InlineData("25x", 25.0)]
    public void Speed_parses(string text, double expected) => Assert.Equal(expected, ReplayCommand.ParseSpeed(text));

    [Theory]
    [InlineData("fast")]
    [InlineData("0x")]
    [InlineData("-2x")]
    public void Bad_speed_is_refused_with_the_value(string text) =>
        Assert.Contains(text, Assert.Throws<FormatException>(() => ReplayCommand.ParseSpeed(text)).Message);
}
