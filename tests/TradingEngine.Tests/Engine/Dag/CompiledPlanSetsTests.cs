using TradingEngine.Engine.Aggregation;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// Which recurring sets run compiled: a trade updating every forming candle, a trade updating none (here: prints the
/// tick filter keeps out of the candles) and a quote; all three compiled at the first adoption, outputs equal to the
/// bitset walk's.
/// </summary>
public sealed class CompiledPlanSetsTests
{
    private const string Yaml = """
        timeframes: [1m]
        nodes:
          - id: on_ticks
            kind: test_mix
            params: {step: 1}
            inputs: {ticks: ticks}
          - id: on_forming
            kind: test_mix
            params: {step: 2}
            inputs: {candles: forming:1m}
          - id: on_both
            kind: test_mix
            params: {step: 3}
            inputs: {values: [on_ticks, on_forming]}
        """;

    [Fact]
    public void Trades_kept_out_of_the_candles_run_compiled_like_the_others_with_the_bitset_walks_outputs()
    {
        var compiled = Run(compiledPlans: true);
        var listed = Run(compiledPlans: false);
        // 12 regular trades, then 12 suspicious ones (no candle update: only on_ticks and on_both are scheduled), then
        // 12 regular again: the sets are compiled on the 4th trade, which runs compiled from the 5th; after that each
        // compiled set runs compiled from its first event
        Assert.Equal(12 - DagInstance.PlanAfter + 12 + 12, compiled.Dag.CompiledEvents);
        Assert.Equal(0, listed.Dag.CompiledEvents);
        Assert.Equal(listed.Runs, compiled.Runs);
        Assert.Equal(listed.Board, compiled.Board);
        Assert.Equal(listed.Dag.Evaluations, compiled.Dag.Evaluations);
        // the suspicious trades ran on_ticks and on_both, never on_forming
        Assert.All(compiled.Runs.Skip(12).Take(12), runs => Assert.Equal([1, 3], runs));
    }

    [Fact]
    public void Trades_interleaved_with_quotes_and_heartbeats_run_compiled_with_the_bitset_walks_outputs()
    {
        // trade, quote, heartbeat, trade, …: the compiled sets are fetched on the 4th event of one of them (the 2nd
        // quote) and every trade and quote after it runs compiled, while the heartbeats (nothing reads the timer) take no walk at all
        // the pipeline above and a node that reads quotes
        const string yaml = Yaml + """

              - id: spread
                kind: quote_spread
                inputs: [quotes]
            """;
        (DagInstance Dag, long[] Board, List<int[]> Runs) Interleaved(bool compiledPlans)
        {
            var dag = DagCompiler.Compile(PipelineLoader.Parse(yaml, "interleaved.yaml"), new NodeCatalog().Register<MixNode>().Register<QuoteSpreadNode>());
            dag.CompilesPlans = compiledPlans;
            var symbol = new SymbolId(6);
            var pipeline = new SymbolPipeline(dag, symbol, 2, 0);
            var sink = new TestSink();
            var start = UtcNanos.FromDateTime(new DateTime(2024, 5, 6, 13, 0, 0, DateTimeKind.Utc));
            var runs = new List<int[]>();
            for (var i = 0; i < 60; i++)
            {
                RunRecorder.Runs.Clear();
                var time = start + i * 100 * UtcNanos.PerMillisecond; // 6 s: no candle closes
                var price = 10_000 + (i % 7);
                var e = (i % 3) switch
                {
                    0 => MarketEvent.FromTick(Tick.Create(symbol, time, new Price(price, 2), new Quantity(1 + i, 0)), i),
                    1 => MarketEvent.FromQuote(new Quote
                    {
                        Symbol = symbol, PricePrecision = 2, EventTime = time, BidRaw = price - 1, BidSizeRaw = 5, AskRaw = price + (i % 2), AskSizeRaw = 7,
                    }, i),
                    _ => MarketEvent.FromTimer(symbol, time, i),
                };
                pipeline.OnEvent(in e, ref sink);
                runs.Add([.. RunRecorder.Runs]);
            }
            return (pipeline.Dag, pipeline.Dag.Board.ToArray(), runs);
        }

        var compiled = Interleaved(compiledPlans: true);
        var listed = Interleaved(compiledPlans: false);
        Assert.Equal(2 * 20 - DagInstance.PlanAfter, compiled.Dag.CompiledEvents);
        Assert.Equal(0, listed.Dag.CompiledEvents);
        Assert.Equal(listed.Runs, compiled.Runs);
        Assert.Equal(listed.Board, compiled.Board);
        Assert.Equal(listed.Dag.Evaluations, compiled.Dag.Evaluations);
        Assert.Equal(20 * 3 + 20, compiled.Dag.Evaluations); // a trade runs the three test_mix nodes, a quote the spread
        Assert.All(compiled.Runs.Where((_, i) => i % 3 == 0), runs => Assert.Equal([1, 2, 3], runs));
        Assert.All(compiled.Runs.Where((_, i) => i % 3 != 0), Assert.Empty);
    }

    [Fact]
    public void A_pipeline_compiled_again_reuses_its_plan_code_and_another_shape_gets_its_own()
    {
        // the same pipeline with other parameters has the same plan shape (parameters are not in the code); rewiring
        // on_both to read only on_ticks changes a step's input mask, so that shape is compiled anew
        var again = Yaml.Replace("{step: 3}", "{step: 7}");
        var rewired = Yaml.Replace("values: [on_ticks, on_forming]", "values: [on_ticks]");
        CompiledPlan Code(string yaml)
        {
            var dag = DagCompiler.Compile(PipelineLoader.Parse(yaml, "shape.yaml"), new NodeCatalog().Register<MixNode>());
            dag.CompilesPlans = true;
            var instance = new SymbolPipeline(dag, new SymbolId(7), 2, 0).Dag;
            return dag.PlanCode(instance.CompiledSets[0], instance)!;
        }

        var first = Code(Yaml);
        Assert.Same(first, Code(again));
        Assert.NotSame(first, Code(rewired));
    }

    private static (DagInstance Dag, long[] Board, List<int[]> Runs) Run(bool compiledPlans)
    {
        var dag = DagCompiler.Compile(PipelineLoader.Parse(Yaml, "sets.yaml"), new NodeCatalog().Register<MixNode>());
        dag.CompilesPlans = compiledPlans;
        var symbol = new SymbolId(5);
        var pipeline = new SymbolPipeline(dag, symbol, 2, 0, TickFilter.Default);
        var sink = new TestSink();
        var start = UtcNanos.FromDateTime(new DateTime(2024, 5, 6, 13, 0, 0, DateTimeKind.Utc));
        var runs = new List<int[]>();
        for (var i = 0; i < 36; i++)
        {
            RunRecorder.Runs.Clear();
            var tick = Tick.Create(symbol, start + i * UtcNanos.PerSecond, new Price(10_000 + (i % 5), 2), new Quantity(1 + i, 0));
            if (i is >= 12 and < 24)
                tick.Flags |= TickFlags.Suspicious;
            var e = MarketEvent.FromTick(tick, i);
            pipeline.OnEvent(in e, ref sink);
            runs.Add([.. RunRecorder.Runs]);
        }
        return (pipeline.Dag, pipeline.Dag.Board.ToArray(), runs);
    }
}
