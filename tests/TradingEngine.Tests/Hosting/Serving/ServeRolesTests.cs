using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Hosting;
using TradingEngine.Hosting.Serving;
using TradingEngine.Nats;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting.Serving;

/// <summary>
/// What <c>te serve executor</c> and <c>te serve aggregator</c> make of <c>te run --config</c>'s options: the executor runs
/// one group of the checked-in engine.yaml on its own stream, journal directory and durable, publishing internal
/// non-candle outputs only; the aggregator runs every symbol's candle series with no node.
/// </summary>
public sealed class ServeRolesTests
{
    private static readonly string Pipelines = Path.Combine(TestData.RepositoryRoot(), "pipelines");

    private static NatsLiveEngineOptions Options() => new()
    {
        Config = EngineConfigLoader.LoadFile(Path.Combine(Pipelines, "engine.yaml")),
        JournalDirectory = "/var/lib/te/journal",
        SnapshotDirectory = "/var/lib/te/snapshots",
        External = new NatsEndpoint { Url = "nats://127.0.0.1:4222" },
    };

    [Fact]
    public void An_executor_runs_only_its_group_on_its_own_stream_journal_and_durable()
    {
        var options = ServeRoles.Executor(Options(), "futures");
        Assert.Equal(["futures"], options.Config!.Executors.Select(e => e.Name));
        Assert.True(options.JetStream);
        Assert.Equal("TE_IN_FUTURES", options.StreamName);
        Assert.Equal("te-executor-futures", options.ConsumerName);
        Assert.Equal("/var/lib/te/journal/futures", options.JournalDirectory);
        Assert.Equal("/var/lib/te/snapshots/futures", options.SnapshotDirectory);
        Assert.False(options.PublishPublic);
        Assert.False(options.PublishCandles);
        Assert.True(options.PublishInternal);

        var set = EngineSet.Create(options.Config, new SymbolRegistry());
        Assert.Equal(["ES", "NQ"], set.Symbols); // SPY belongs to the equities group: not subscribed, not captured

        // a stream named on the command line wins over the group's
        Assert.Equal("MINE", ServeRoles.Executor(Options() with { StreamName = "MINE" }, "futures").StreamName);
    }

    /// <summary>
    /// pipelines/engine.yaml pins the futures group to core 1; under the static CPU manager the kubelet picks the
    /// cores, so the deployment passes <c>--cpu granted</c>: the lowest core the process may use.
    /// </summary>
    [Fact]
    public void Cpu_granted_pins_the_executor_to_the_lowest_core_the_process_may_use_instead_of_the_configs()
    {
        Assert.Equal(1, ServeRoles.Executor(Options(), "futures").Config!.Executors[0].Cpu);
        Assert.Equal(EngineSet.AllowedCpus().Min(), ServeRoles.Executor(Options(), "futures", "granted").Config!.Executors[0].Cpu);
        Assert.Null(ServeRoles.Executor(Options(), "futures", "none").Config!.Executors[0].Cpu);
        Assert.Equal(3, ServeRoles.Executor(Options(), "futures", "3").Config!.Executors[0].Cpu);
        Assert.Equal(5, ExecutorCpu.Resolve("granted", new HashSet<int> { 7, 5, 6 }));
        var refused = Assert.Throws<ArgumentException>(() => ServeRoles.Executor(Options(), "futures", "first"));
        Assert.Contains("--cpu 'first' is not 'granted'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_group_or_a_missing_config_is_refused_with_the_groups_named()
    {
        var unknown = Assert.Throws<PipelineException>(() => ServeRoles.Executor(Options(), "metals"));
        Assert.Contains("--group 'metals' is not an executor of this config (executors: futures, equities)", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("engine.yaml", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("--group NAME is required", Assert.Throws<ArgumentException>(() => ServeRoles.Executor(Options(), null)).Message, StringComparison.Ordinal);
        Assert.Contains("needs --config", Assert.Throws<ArgumentException>(() => ServeRoles.Executor(Options() with { Config = null }, "futures")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_aggregator_runs_every_symbols_candle_series_and_no_node()
    {
        var options = ServeRoles.Aggregator(Options(), null);
        Assert.Equal([CandleAggregation.ExecutorName], options.Config!.Executors.Select(e => e.Name));
        Assert.False(options.JetStream);
        Assert.False(options.PublishPublic);
        Assert.True(options.PublishCandles);
        Assert.Equal("/var/lib/te/journal/aggregator", options.JournalDirectory);

        var symbols = new SymbolRegistry();
        var set = EngineSet.Create(options.Config, symbols, shape: options.PipelineShape);
        Assert.Equal(["ES", "NQ", "SPY"], set.Symbols);
        foreach (var symbol in set.Symbols)
        {
            var dag = set.DagOf(symbols.GetOrAdd(symbol))!;
            var full = PipelineLoader.LoadFile(Path.Combine(Pipelines, symbol == "SPY" ? "us_equity.yaml" : symbol == "ES" ? "es_futures.yaml" : "nq_futures.yaml"));
            Assert.Empty(dag.Steps);
            Assert.NotEmpty(full.Nodes);
            Assert.Equal(full.Timeframes.Select(t => t.ToString()), dag.Pipeline.Timeframes.Select(t => t.ToString()));
        }

        // one group's symbols only
        var futures = ServeRoles.Aggregator(Options(), "futures");
        Assert.Equal(["ES", "NQ"], EngineSet.Create(futures.Config!, new SymbolRegistry(), shape: futures.PipelineShape).Symbols);
        Assert.Equal("/var/lib/te/journal/aggregator-futures", futures.JournalDirectory);
    }
}
