using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>A node that throws is counted and reported with node id and event; its dependents skip that event; everything else goes on.</summary>
public sealed class FailureIsolationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Throwing_node_is_reported_its_dependents_skip_the_event_and_the_rest_runs(bool compiledPlans)
    {
        const string yaml = """
            timeframes: [1m]
            nodes:
              - id: flaky
                kind: test_flaky
                params: {every: 2}
                inputs: [candles:1m]
              - id: child
                kind: test_mix
                params: {step: 1}
                inputs: {values: flaky}
              - id: grandchild
                kind: test_mix
                params: {step: 2}
                inputs: {values: child}
              - id: bystander
                kind: test_mix
                params: {step: 3}
                inputs: {candles: candles:1m}
              - id: mixed
                kind: test_mix
                params: {step: 4}
                inputs: {values: [bystander, flaky]}
            """;
        var catalog = new NodeCatalog().Register<MixNode>().Register<FlakyNode>();
        var dag = DagCompiler.Compile(PipelineLoader.Parse(yaml, "flaky.yaml"), catalog);
        dag.CompilesPlans = compiledPlans;
        var symbol = new SymbolId(9);
        var executor = new SymbolExecutor([new SymbolPipeline(dag, symbol, 2, 0)]);
        var log = new List<string>();
        executor.ErrorLog = log.Add;
        var driver = new InMemoryDriver<TestSink>(executor, default);

        var start = UtcNanos.FromDateTime(new DateTime(2024, 5, 6, 13, 0, 0, DateTimeKind.Utc));
        var failedEvents = 0;
        long evaluations = 0;
        RunRecorder.Runs.Clear(); // the recorder is per thread: another test may have left runs in it
        for (var minute = 0; minute < 10; minute++)
        {
            evaluations += RunRecorder.Runs.Count;
            RunRecorder.Runs.Clear();
            var tick = Tick.Create(symbol, start + minute * UtcNanos.PerMinute, new Price(10_000 + minute, 2), new Quantity(1, 0));
            driver.Feed(MarketEvent.FromTick(tick, 100 + minute));
            if (minute == 0)
                continue; // no candle closed yet
            var closes = minute; // the minute-th close: flaky throws on even runs
            if (closes % 2 == 0)
            {
                failedEvents++;
                Assert.Equal([3], RunRecorder.Runs);
            }
            else
            {
                Assert.Equal([1, 2, 3, 4], RunRecorder.Runs.Order());
            }
        }

        evaluations += RunRecorder.Runs.Count;
        var dagInstance = executor.Pipelines[0].Dag;
        // evaluations: the recorded test_mix runs and flaky's 9 (one per close, thrown or not); a failure inside a
        // compiled plan loses the plan's own count with the exception, and the executor recounts it
        Assert.Equal(evaluations + 9, dagInstance.Evaluations);
        // event 0 schedules nothing (every node reads closed candles), which is the plan an instance starts with;
        // events 1..9 schedule one set (a tick closing a candle), which becomes the plan on its 4th event: the 5
        // after it run from the plan, and the failures at the 6th and 8th close were thrown inside the plan's walk
        // (the compiled method, or the list) and resumed by the bitset walk
        Assert.Equal(1 + 9 - DagInstance.PlanAfter, dagInstance.PlanEvents);
        Assert.Equal(compiledPlans ? 9 - DagInstance.PlanAfter : 0, dagInstance.CompiledEvents);
        Assert.Equal(failedEvents, dagInstance.Failures);
        Assert.Equal(failedEvents, executor.Counters.Sample().NodeFailures);
        Assert.Equal(3 * failedEvents, dagInstance.SkippedAfterFailure);
        var last = dagInstance.LastFailure!;
        Assert.Equal("flaky", last.NodeId);
        Assert.Equal(108, last.SourceSequence);
        Assert.Contains("node 'flaky' failed on Tick event seq 108", last.ToString());
        Assert.Equal(failedEvents, log.Count(l => l.Contains("node 'flaky'")));
    }
}
