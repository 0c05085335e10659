using TradingEngine.Hosting;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Hosting;

/// <summary>
/// <see cref="EngineSet"/>: an engine config becomes one executor per entry with its symbols' pipelines (patterns
/// expanded against the instrument registry), node names per symbol's pipeline, and mistakes naming file and line.
/// </summary>
public sealed class EngineSetTests
{
    private static readonly string Pipelines = Path.Combine(TestData.RepositoryRoot(), "pipelines");

    private static EngineConfig Config(string executors) => EngineConfigLoader.Parse(
        $"instruments: {Path.Combine(Pipelines, "instruments.yaml")}\nexecutors:\n{executors}", "engine.yaml");

    private static string Entry(string name, params (string Symbol, string Pipeline)[] symbols) =>
        $"  - name: {name}\n    symbols:\n" + string.Concat(symbols.Select(s => $"      - symbol: \"{s.Symbol}\"\n        pipeline: {Path.Combine(Pipelines, s.Pipeline)}\n"));

    [Fact]
    public void Checked_in_engine_config_builds_one_executor_per_entry_with_its_own_pipelines()
    {
        var symbols = new SymbolRegistry();
        var set = EngineSet.Create(EngineConfigLoader.LoadFile(Path.Combine(Pipelines, "engine.yaml")), symbols);
        Assert.Equal(["futures", "equities"], set.Executors.Select(e => e.Config.Name));
        Assert.Equal(["ES", "NQ"], set.Executors[0].Symbols);
        Assert.Equal(["SPY"], set.Executors[1].Symbols);
        Assert.Equal(["ES", "NQ", "SPY"], set.Symbols);
        var es = symbols.GetOrAdd("ES");
        var nq = symbols.GetOrAdd("NQ");
        var spy = symbols.GetOrAdd("SPY");
        Assert.Equal("es_futures", set.DagOf(es)!.Pipeline.Name);
        Assert.Equal("nq_futures", set.DagOf(nq)!.Pipeline.Name);
        Assert.Equal("us_equity", set.DagOf(spy)!.Pipeline.Name);
        Assert.Null(set.DagOf(symbols.GetOrAdd("GC")));
        // node n of ES and of SPY are different nodes of different pipelines
        Assert.Equal(set.DagOf(es)!.Steps[0].Id, set.NodeName(es, 0));
        Assert.Equal(set.DagOf(spy)!.Steps[0].Id, set.NodeName(spy, 0));
        Assert.Null(set.NodeName(es, 10_000));
    }

    [Fact]
    public void A_pattern_takes_every_matching_instrument_in_registry_order_and_one_file_is_compiled_once()
    {
        var symbols = new SymbolRegistry();
        // AIG, BAC, IBM are in the registry; "*I*" matches AIG and IBM (not BAC)
        var set = EngineSet.Create(Config(Entry("eq", ("*I*", "us_equity.yaml"), ("BAC", "us_equity.yaml"))), symbols);
        Assert.Equal(["AIG", "IBM", "BAC"], set.Executors[0].Symbols);
        Assert.Same(set.DagOf(symbols.GetOrAdd("AIG")), set.DagOf(symbols.GetOrAdd("BAC")));
    }

    [Fact]
    public void Mistakes_name_the_config_line()
    {
        var taken = Assert.Throws<PipelineException>(() => EngineSet.Create(
            Config(Entry("a", ("ES", "es_futures.yaml")) + Entry("b", ("E*", "es_futures.yaml"))), new SymbolRegistry()));
        Assert.Equal(["engine.yaml:9: symbol 'ES' (from 'E*') is already owned by the entry at line 5 ('ES')"], taken.Errors.Select(e => e.ToString()));

        var missing = Assert.Throws<PipelineException>(() => EngineSet.Create(Config(Entry("a", ("ZZ", "es_futures.yaml"), ("Q*", "es_futures.yaml"))), new SymbolRegistry()));
        Assert.Equal(2, missing.Errors.Count);
        Assert.StartsWith("engine.yaml:5: symbol 'ZZ' is not in ", missing.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("engine.yaml:7: symbol pattern 'Q*' matches no instrument of ", missing.Errors[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_executor_counts_another_executors_symbol_as_unknown_since_its_ring_is_its_own()
    {
        var symbols = new SymbolRegistry();
        var set = EngineSet.Create(Config(Entry("fut", ("ES", "es_futures.yaml")) + Entry("eq", ("SPY", "us_equity.yaml"))), symbols);
        var spyTick = MarketEvent.FromTick(Tick.Create(symbols.GetOrAdd("SPY"), 1_700_000_000_000_000_000, new Price(4_700_000, 4), new Quantity(100, 0)));
        var futures = new InMemoryDriver<CountingSink>(set.Executors[0].Executor, default);
        var equities = new InMemoryDriver<CountingSink>(set.Executors[1].Executor, default);
        futures.Feed(in spyTick);
        equities.Feed(in spyTick);
        var f = set.Executors[0].Executor.Counters.Sample();
        var e = set.Executors[1].Executor.Counters.Sample();
        // the host routes SPY to the equities ring only (EngineHostTests): reaching futures is a fault, counted
        Assert.Equal((1L, 1L, 1L), (f.Events, f.Ticks, f.UnknownSymbols));
        Assert.Equal((1L, 1L, 0L), (e.Events, e.Ticks, e.UnknownSymbols));
    }

    private struct CountingSink : IOutputSink
    {
        public void OnNodeOutput(in NodeOutput output)
        {
        }

        public void OnMessage(in OutputMessage message)
        {
        }

        public void OnCandleClosed(in Candle candle, long sourceSequence)
        {
        }

        public void OnEndOfBatch()
        {
        }
    }
}
