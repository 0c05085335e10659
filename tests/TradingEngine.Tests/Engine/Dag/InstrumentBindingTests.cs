using TradingEngine.Hosting;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// A pipeline's money and price steps come from the instrument it runs on (issue 19: "P&amp;L in the instrument's
/// currency through its point value"): strategies left without <c>point_value</c>/<c>tick_size</c> take the
/// registry's, and a pipeline written for another market is refused with the value and the instrument's.
/// </summary>
public sealed class InstrumentBindingTests
{
    private static string Repo(string relative) => Path.Combine(TestData.RepositoryRoot(), relative);

    private const string Strategy = """
        timeframes: [1m, 5m]
        nodes:
          - id: swings
            kind: swing_points
            params: {strength: 2}
            inputs: [candles:5m]
          - id: liq
            kind: liquidity_levels
            params: {strength: 3}
            inputs: [candles:1m]
          - id: cum_delta
            kind: cumulative_delta
            params: {session: utc}
            inputs: [ticks]
          - id: strategy
            kind: liquidity_breakout
            params: {risk_per_trade: 500}
            inputs: {candles: candles:1m, ticks: ticks, sweep: liq.event, delta: cum_delta}
        """;

    private static CompiledDag Dag(string yaml, string symbol) => Compile(PipelineLoader.Parse(yaml, "pipelines/test.yaml"), symbol);

    private static CompiledDag Compile(PipelineSpec spec, string symbol)
    {
        var registry = InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), new SymbolRegistry());
        Assert.True(registry.TryResolve(symbol, out var instrument));
        var catalog = NodeCatalogs.Standard();
        return DagCompiler.Compile(InstrumentBinding.Bind(spec, instrument, catalog), catalog);
    }

    private static double Number(CompiledDag dag, string node, string parameter) =>
        dag.Steps.Single(s => s.Id == node).Parameters.Number(parameter);

    [Theory]
    [InlineData("ES", 50.0, 0.25)]
    [InlineData("NQ", 20.0, 0.25)]
    [InlineData("GC", 100.0, 0.1)]
    [InlineData("SPY", 1.0, 0.0001)]
    [InlineData("GCZ13", 100.0, 0.1)]
    public void A_strategy_without_point_value_or_tick_size_takes_the_instruments(string symbol, double pointValue, double tickSize)
    {
        var dag = Dag(Strategy, symbol);
        Assert.Equal(pointValue, Number(dag, "strategy", "point_value"));
        Assert.Equal(tickSize, Number(dag, "strategy", "tick_size"));
        Assert.Equal(tickSize, Number(dag, "swings", "tick_size")); // structure tolerances too, not the 0.01 default
    }

    [Fact]
    public void The_es_pipeline_on_spy_is_refused_naming_the_point_value()
    {
        var ex = Assert.Throws<PipelineException>(() => Compile(PipelineLoader.LoadFile(Repo("pipelines/es_futures.yaml")), "SPY"));
        var text = string.Join("\n", ex.Errors);
        Assert.Contains("node 'liquidity_breakout' point_value 50 is not SPY's point value 1 USD in the instrument registry", text, StringComparison.Ordinal);
        Assert.Contains("es_futures.yaml:124:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_finer_than_the_market_or_off_its_grid_is_refused()
    {
        var finer = Strategy.Replace("{strength: 2}", "{strength: 2, tick_size: 0.1}", StringComparison.Ordinal);
        var ex = Assert.Throws<PipelineException>(() => Dag(finer, "ES"));
        Assert.Equal("pipelines/test.yaml:5: node 'swings' tick_size 0.1 is not a whole multiple of ES's tick size 0.25 in the instrument registry: leave it out (the registry's is used) or give a multiple of it",
            Assert.Single(ex.Errors).ToString());
        var pipelineLevel = Assert.Throws<PipelineException>(() => Dag("tick_size: 0.1\n" + Strategy, "ES"));
        Assert.Contains("tick_size 0.1 is not a whole multiple of ES's tick size 0.25", Assert.Single(pipelineLevel.Errors).ToString(), StringComparison.Ordinal);
        // a coarser bin on the market's grid is a choice, and kept
        var coarser = Strategy.Replace("{strength: 2}", "{strength: 2, tick_size: 0.5}", StringComparison.Ordinal);
        Assert.Equal(0.5, Number(Dag(coarser, "ES"), "swings", "tick_size"));
    }

    [Fact]
    public void Binding_and_overrides_keep_every_other_key_of_the_pipeline()
    {
        // a rewrite that rebuilt the spec field by field once lost candle_lateness (added after it was written)
        var spec = PipelineLoader.Parse("candle_lateness: 250ms\nsession: cme_globex\n" + Strategy, "pipelines/test.yaml");
        var registry = InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), new SymbolRegistry());
        Assert.True(registry.TryResolve("ES", out var es));
        var bound = InstrumentBinding.Bind(spec, es, NodeCatalogs.Standard());
        var overridden = PipelineOverrides.Apply(bound, [ParameterOverride.Parse("strategy.max_bars=7")]);
        foreach (var s in new[] { bound, overridden })
        {
            Assert.Equal(TimeSpan.FromMilliseconds(250), s.CandleLateness);
            Assert.Equal(spec.Session, s.Session);
            Assert.Equal(spec.Timeframes, s.Timeframes);
        }
        Assert.Equal("7", overridden.Nodes.Single(n => n.Id == "strategy").Parameters.Single(p => p.Name == "max_bars").Text);
    }

    [Fact]
    public void Every_shipped_pipeline_binds_to_the_instruments_that_name_it()
    {
        var registry = InstrumentRegistry.Load(Repo("pipelines/instruments.yaml"), new SymbolRegistry());
        var catalog = NodeCatalogs.Standard();
        var bound = 0;
        foreach (var instrument in registry.Instruments.Where(i => i.DefaultPipeline is not null))
        {
            var spec = PipelineLoader.LoadFile(Repo(Path.Combine("pipelines", instrument.DefaultPipeline!)));
            DagCompiler.Compile(InstrumentBinding.Bind(spec, instrument, catalog), catalog);
            bound++;
        }
        Assert.True(bound >= 5, $"{bound} instruments name a default pipeline");
    }

    [Fact]
    public void One_executor_of_es_and_nq_on_one_pipeline_gives_each_its_own_point_value()
    {
        var dir = Directory.CreateTempSubdirectory("te-binding-").FullName;
        try
        {
            var pipeline = Path.Combine(dir, "p.yaml");
            File.WriteAllText(pipeline, Strategy);
            var (executor, _, _) = EngineFactory.CreateExecutor(pipeline, Repo("pipelines/instruments.yaml"), ["ES", "NQ"], new SymbolRegistry());
            var values = executor.Pipelines.Select(p => p.Dag.Dag.Steps.Single(s => s.Id == "strategy").Parameters.Number("point_value")).ToArray();
            Assert.Equal([50.0, 20.0], values);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
