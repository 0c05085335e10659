using TradingEngine.Hosting;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Engine.Dag;
using TradingEngine.Cli;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Engine.Pipelines;

/// <summary>The checked-in pipelines load and compile with the standard catalog (NodeCatalogs), and their options mean what template.yaml says.</summary>
public sealed class PipelineFilesTests
{
    public static TheoryData<string> Files => new() { "pipelines/es_futures.yaml", "pipelines/nq_futures.yaml", "pipelines/us_equity.yaml", "pipelines/template.yaml", "perf/pipelines/bench.yaml" };

    internal static CompiledDag Compile(string relative) =>
        DagCompiler.Compile(PipelineLoader.LoadFile(Path.Combine(TestData.RepositoryRoot(), relative)), NodeCatalogs.Standard());

    [Theory]
    [MemberData(nameof(Files))]
    public void Checked_in_pipeline_compiles(string file)
    {
        var dag = Compile(file);
        Assert.NotEmpty(dag.Steps);
        Assert.Equal(dag.Fingerprint, Compile(file).Fingerprint);
    }

    [Fact]
    public void Us_equity_declares_the_new_york_session_and_cent_ticks()
    {
        var spec = PipelineLoader.LoadFile(Path.Combine(TestData.RepositoryRoot(), "pipelines/us_equity.yaml"));
        Assert.Equal("America/New_York", spec.Session.TimeZone);
        Assert.Equal(new TimeSpan(9, 30, 0), spec.Session.Open);
        Assert.Equal(0.01m, spec.TickSize);
        Assert.Equal([BarSpec.Parse("1m"), BarSpec.Parse("5m"), BarSpec.Parse("15m"), BarSpec.Parse("1d")], spec.Timeframes);
    }

    [Fact]
    public void Mapping_inputs_bind_by_port_name_and_publish_lists_select_ports()
    {
        var dag = Compile("pipelines/es_futures.yaml");
        var profile = dag.Steps[dag.IndexOf("session_profile")];
        Assert.Equal(["ticks", "candles:1m"], profile.Sources);
        Assert.Equal([0], profile.PublishedPorts);
        var cross = dag.Steps[dag.IndexOf("vwap_cross")];
        Assert.Contains(dag.IndexOf("session_vwap"), cross.Upstream);
        Assert.Equal(CompiledStep.MixedGroup, cross.Group);
    }

    [Fact]
    public void Bench_pipeline_has_at_least_eight_nodes_on_every_tick_and_about_25_in_all()
    {
        var dag = Compile("perf/pipelines/bench.yaml");
        Assert.InRange(dag.Steps.Count, 22, 30);
        var perTick = dag.StepsReachedBy(dag.SourceSignal(EventSourceKind.Tick)).Union(
            Enumerable.Range(0, 3).SelectMany(tf => dag.StepsReachedBy(dag.SourceSignal(EventSourceKind.CandleUpdate, tf)))).Distinct().Count();
        Assert.True(perTick >= 8, $"{perTick} nodes run on every tick");
    }

    [Fact]
    public void Step_order_follows_dependencies_then_declaration_order()
    {
        var yaml = """
            timeframes: [1m]
            nodes:
              - id: late
                kind: ema
                params: {period: 2}
                inputs: [early]
              - id: other
                kind: candle_field
                inputs: [candles:1m]
              - id: early
                kind: candle_field
                inputs: [candles:1m]
            """;
        var dag = DagCompiler.Compile(PipelineLoader.Parse(yaml, "t.yaml"), NodeCatalogs.Standard());
        Assert.Equal(["other", "early", "late"], dag.Steps.Select(s => s.Id));
        Assert.Equal([0, 1, 2], dag.StepsReachedBy(dag.SourceSignal(EventSourceKind.CandleClose, 0)));
        Assert.Empty(dag.StepsReachedBy(dag.SourceSignal(EventSourceKind.Tick)));
    }
}
