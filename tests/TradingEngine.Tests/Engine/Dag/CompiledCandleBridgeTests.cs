using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>
/// A compiled plan runs <c>candle_field</c>'s forming close inline (PlanCompiler): the same doubles, validity, changed
/// bits (the published outputs) and evaluation counts as the node called through its context, beside bridges of other fields (called) and of
/// closed candles (walked on closes), at every precision.
/// </summary>
public sealed class CompiledCandleBridgeTests
{
    private const string Yaml = """
        timeframes: [1m, 5m]
        nodes:
          - id: close_1m
            kind: candle_field
            inputs: [forming:1m]
            publish: true
          - id: high_1m
            kind: candle_field
            params: {field: high}
            inputs: [forming:1m]
          - id: close_5m
            kind: candle_field
            inputs: [forming:5m]
          - id: range
            kind: difference
            inputs: [high_1m, close_1m]
            publish: true
          - id: spread_tf
            kind: difference
            inputs: [close_5m, close_1m]
            publish: true
          - id: closed_1m
            kind: candle_field
            inputs: [candles:1m]
        """;

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    [InlineData(5)]
    public void Inline_forming_close_gives_the_called_nodes_board_changes_and_counts(int precision)
    {
        var compiled = Run(compiledPlans: true, precision);
        var called = Run(compiledPlans: false, precision);
        Assert.True(compiled.Dag.CompiledEvents > 100, $"{compiled.Dag.CompiledEvents} events ran compiled");
        Assert.Equal(0, called.Dag.CompiledEvents);
        Assert.Equal(called.Boards, compiled.Boards);
        Assert.Equal(called.Changes, compiled.Changes);
        Assert.Equal(called.Dag.Evaluations, compiled.Dag.Evaluations);
        // the last trade's price, as the node gives it: raw / 10^precision, one rounding
        var close = compiled.Dag.Dag.Steps.Single(s => s.Id == "close_1m").Order;
        Assert.True(compiled.Dag.IsValid(close));
        Assert.Equal(compiled.LastPriceRaw / Math.Pow(10, precision), compiled.Dag.Number(close));
    }

    private static (DagInstance Dag, List<long[]> Boards, List<string> Changes, long LastPriceRaw) Run(bool compiledPlans, int precision)
    {
        var dag = DagCompiler.Compile(PipelineLoader.Parse(Yaml, "bridges.yaml"), EngineNodes.RegisterAll(new NodeCatalog()));
        dag.CompilesPlans = compiledPlans;
        var symbol = new SymbolId(3);
        var pipeline = new SymbolPipeline(dag, symbol, (byte)precision, 0);
        var sink = new TestSink();
        var start = UtcNanos.FromDateTime(new DateTime(2024, 5, 6, 13, 0, 0, DateTimeKind.Utc));
        var boards = new List<long[]>();
        var changes = new List<string>();
        var random = new Random(precision + 11);
        long price = 0;
        for (var i = 0; i < 600; i++)
        {
            // ~1.5 s apart: 15 minutes, closes of both timeframes among the trades
            price = 1_000_000 + random.Next(-5000, 5000);
            var tick = Tick.Create(symbol, start + (i * 1_500 * UtcNanos.PerMillisecond), new Price(price, (byte)precision), new Quantity(1 + (i % 4), 0));
            var e = MarketEvent.FromTick(tick, i);
            var before = sink.Outputs;
            pipeline.OnEvent(in e, ref sink);
            boards.Add(pipeline.Dag.Board.ToArray());
            changes.Add(string.Join(",", pipeline.Dag.Dag.Steps.Select(s => pipeline.Dag.IsValid(s.Order) ? "v" : "-")) + $"/{sink.Outputs - before}");
        }
        return (pipeline.Dag, boards, changes, price);
    }
}
