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
        // evaluations: the recorded test_mix runs and flaky's 9 (one per close, thrown or not)
        Assert.Equal(evaluations + 9, dagInstance.Evaluations);
        // event 0 schedules nothing (every node reads closed candles), so it takes no walk at all; events 1..9
        // schedule one set (a tick closing a candle), which is not one that is compiled (see
        // Failure_inside_a_compiled_plan_...), so every failure here was thrown inside the bitset walk and resumed by it
        Assert.Equal(0, dagInstance.CompiledEvents);
        Assert.Equal(failedEvents, dagInstance.Failures);
        Assert.Equal(failedEvents, executor.Counters.Sample().NodeFailures);
        Assert.Equal(3 * failedEvents, dagInstance.SkippedAfterFailure);
        var last = dagInstance.LastFailure!;
        Assert.Equal("flaky", last.NodeId);
        Assert.Equal(108, last.SourceSequence);
        Assert.Contains("node 'flaky' failed on Tick event seq 108", last.ToString());
        Assert.Equal(failedEvents, log.Count(l => l.Contains("node 'flaky'")));
    }

    [Fact]
    public void Failure_inside_a_compiled_plan_is_isolated_counted_and_gives_the_outputs_of_the_bitset_walk()
    {
        // every node runs on trades (forming candle, or the ticks): a trade's set is the compiled plan
        const string yaml = """
            timeframes: [1m]
            nodes:
              - id: flaky
                kind: test_flaky
                params: {every: 3}
                inputs: [forming:1m]
              - id: child
                kind: test_mix
                params: {step: 1}
                inputs: {values: flaky}
              - id: bystander
                kind: test_mix
                params: {step: 2}
                inputs: {ticks: ticks, candles: forming:1m}
              - id: mixed
                kind: test_mix
                params: {step: 3}
                inputs: {values: [bystander, flaky]}
              - id: after
                kind: test_mix
                params: {step: 4}
                inputs: {values: bystander}
            """;
        var catalog = new NodeCatalog().Register<MixNode>().Register<FlakyNode>();
        var symbol = new SymbolId(9);
        var start = UtcNanos.FromDateTime(new DateTime(2024, 5, 6, 13, 0, 0, DateTimeKind.Utc));
        (DagInstance Dag, long[] Board, List<int[]> Runs) Run(bool compiledPlans)
        {
            var dag = DagCompiler.Compile(PipelineLoader.Parse(yaml, "flaky_trades.yaml"), catalog);
            dag.CompilesPlans = compiledPlans;
            var executor = new SymbolExecutor([new SymbolPipeline(dag, symbol, 2, 0)]);
            var driver = new InMemoryDriver<TestSink>(executor, default);
            var runs = new List<int[]>();
            for (var i = 0; i < 30; i++)
            {
                RunRecorder.Runs.Clear();
                var tick = Tick.Create(symbol, start + i * UtcNanos.PerSecond, new Price(10_000 + (i % 7), 2), new Quantity(1 + i, 0));
                driver.Feed(MarketEvent.FromTick(tick, 500 + i));
                runs.Add([.. RunRecorder.Runs]);
            }
            var instance = executor.Pipelines[0].Dag;
            return (instance, instance.Board.ToArray(), runs);
        }

        var compiled = Run(compiledPlans: true);
        var listed = Run(compiledPlans: false);

        // 30 trades in one minute: the 4th adopts the trade set as the plan, the 26 after it run compiled; flaky
        // throws on every 3rd run (10 times), 9 of them inside the compiled method
        Assert.Equal(30 - DagInstance.PlanAfter, compiled.Dag.CompiledEvents);
        Assert.Equal(0, listed.Dag.CompiledEvents);
        Assert.Equal(10, compiled.Dag.Failures);
        Assert.Equal(2 * 10, compiled.Dag.SkippedAfterFailure); // child and mixed
        for (var i = 0; i < 30; i++)
        {
            // the dependents of flaky skip the events it failed in; bystander and after run in every event
            Assert.Equal((i + 1) % 3 == 0 ? [2, 4] : [1, 2, 3, 4], compiled.Runs[i].Order());
            Assert.Equal(listed.Runs[i], compiled.Runs[i]);
        }
        Assert.Equal(listed.Board, compiled.Board);
        Assert.Equal(listed.Dag.Failures, compiled.Dag.Failures);
        Assert.Equal(listed.Dag.SkippedAfterFailure, compiled.Dag.SkippedAfterFailure);
        // every step that ran was counted once, also in the events a failure cut short inside the compiled method
        Assert.Equal(listed.Dag.Evaluations, compiled.Dag.Evaluations);
        Assert.Equal(compiled.Runs.Sum(r => r.Length) + 30, compiled.Dag.Evaluations);
    }
}
