using TradingEngine.Engine.Runtime;
using TradingEngine.Tests.Engine.Dag;
using TradingEngine.Tests.Engine.Pipelines;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Runtime;

[CollectionDefinition(nameof(ZeroAllocationCollection), DisableParallelization = true)]
public sealed class ZeroAllocationCollection;

/// <summary>The steady state allocates nothing, measured for the whole process (every thread), with no gen-0 collection.</summary>
[Collection(nameof(ZeroAllocationCollection))]
public sealed class ZeroAllocationTests
{
    [Fact]
    public void One_million_events_through_the_bench_pipeline_allocate_nothing_process_wide()
    {
        var dag = PipelineFilesTests.Compile("perf/pipelines/bench.yaml");
        var symbol = new SymbolId(3);
        var executor = new SymbolExecutor([new SymbolPipeline(dag, symbol, 2, 0)]);
        var driver = new InMemoryDriver<TestSink>(executor, default);
        var tape = new TickTape(symbol, 42);

        // Warm-up until a 200k-event window allocates nothing: JIT tiering (tier-1 promotion happens on a
        // background thread some time after the first calls), the first closes of every timeframe, first
        // growth of any buffer. Bounded, so a real per-event allocation still fails the assertion below.
        for (var window = 0; window < 20; window++)
        {
            var start = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < 200_000; i++)
                driver.Feed(tape.Next());
            if (GC.GetTotalAllocatedBytes(precise: true) == start)
                break;
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var gen0 = GC.CollectionCount(0);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < 1_000_000; i++)
            driver.Feed(tape.Next());
        var after = GC.GetTotalAllocatedBytes(precise: true);

        Assert.True(after == before, $"{after - before} bytes allocated over 1M events; failures: {executor.Counters.Sample().NodeFailures} node, {executor.Counters.Sample().EventFailures} event; last: {executor.Pipelines[0].Dag.LastFailure}");
        Assert.Equal(gen0, GC.CollectionCount(0));
        Assert.True(executor.Counters.Sample().Ticks > 900_000);
        Assert.True(driver.Sink.Candles > 100, "candles closed during the window");
    }
}
