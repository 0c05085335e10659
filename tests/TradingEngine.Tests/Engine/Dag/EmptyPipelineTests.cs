using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>A pipeline without nodes (candles only) is valid: it aggregates and outputs closed candles.</summary>
public sealed class EmptyPipelineTests
{
    [Fact]
    public void A_pipeline_without_nodes_aggregates_and_outputs_its_closed_candles()
    {
        var dag = DagCompiler.Compile(PipelineLoader.Parse("timeframes: [1m, 5m]\nnodes: []\n", "candles_only.yaml"), new NodeCatalog());
        Assert.Empty(dag.Steps);
        var symbol = new SymbolId(4);
        var driver = new InMemoryDriver<TestSink>(new SymbolExecutor([new SymbolPipeline(dag, symbol, 2, 0)]), default);
        var start = UtcNanos.FromDateTime(new DateTime(2024, 5, 6, 13, 0, 0, DateTimeKind.Utc));
        var events = Enumerable.Range(0, 61)
            .Select(i => MarketEvent.FromTick(Tick.Create(symbol, start + i * UtcNanos.PerMinute, new Price(10_000 + i, 2), new Quantity(1, 0)), i))
            .ToArray();
        driver.Feed(events);
        // 60 one-minute closes and 12 five-minute closes (the 61st trade opens the next bar of each)
        Assert.Equal(60 + 12, driver.Sink.Candles);
        Assert.Equal(0, driver.Sink.Outputs);
        Assert.Equal(61, driver.Executor.Pipelines[0].Dag.Events);
    }
}
