using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// Candle sources are fired from masks of updated and closed timeframes (one OR for a trade that updates them all);
/// past 20 timeframes the sources leave the first word of changed bits, past 64 the masks, and each is fired alone.
/// Whatever the count, a node on one timeframe sees what it sees in a pipeline that declares only that timeframe.
/// </summary>
public sealed class ManyTimeframesTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(21)]
    [InlineData(70)]
    public void Nodes_on_the_last_timeframe_match_a_pipeline_that_declares_only_it(int timeframes)
    {
        var all = Enumerable.Range(1, timeframes).Select(s => $"{s}s").ToArray();
        var last = all[^1];
        var many = Run(all, last);
        var alone = Run([last], last);
        Assert.True(many.Values.Length > 0);
        Assert.Equal(alone.Values, many.Values);
        Assert.Equal(alone.Runs, many.Runs);
    }

    private static (long[] Values, int[] Runs) Run(string[] timeframes, string last)
    {
        var yaml = $"""
            timeframes: [{string.Join(", ", timeframes)}]
            nodes:
              - id: on_forming
                kind: test_mix
                params: {"{"}step: 1{"}"}
                inputs: {"{"}candles: forming:{last}{"}"}
              - id: on_closed
                kind: test_mix
                params: {"{"}step: 2{"}"}
                inputs: {"{"}candles: candles:{last}{"}"}
              - id: both
                kind: test_mix
                params: {"{"}step: 3{"}"}
                inputs: {"{"}values: [on_forming, on_closed]{"}"}
            """;
        var dag = DagCompiler.Compile(PipelineLoader.Parse(yaml, "many.yaml"), new NodeCatalog().Register<MixNode>());
        var symbol = new SymbolId(3);
        var pipeline = new SymbolPipeline(dag, symbol, 2, 0);
        var sink = new TestSink();
        var values = new List<long>();
        var runs = new List<int>();
        var start = UtcNanos.FromDateTime(new DateTime(2024, 5, 6, 13, 0, 0, DateTimeKind.Utc));
        for (var i = 0; i < 400; i++)
        {
            RunRecorder.Runs.Clear();
            // trades 0.7 s apart, so every timeframe's candles close now and then
            var tick = Tick.Create(symbol, start + i * 700 * UtcNanos.PerMillisecond, new Price(10_000 + (i * 7 % 13), 2), new Quantity(1 + (i % 5), 0));
            var e = MarketEvent.FromTick(tick, i);
            pipeline.OnEvent(in e, ref sink);
            runs.AddRange(RunRecorder.Runs);
            runs.Add(-1);
            for (var step = 0; step < 3; step++)
                values.Add(pipeline.Dag.IsValid(step) ? pipeline.Dag.Integer(step) : long.MinValue);
        }
        return (values.ToArray(), runs.ToArray());
    }
}
