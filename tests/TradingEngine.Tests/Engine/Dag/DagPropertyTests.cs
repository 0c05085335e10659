using CsCheck;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.Dag;

/// <summary>Random DAGs (up to 200 nodes, cross-timeframe links) over random event sequences, checked against <see cref="NaiveReference"/>.</summary>
public sealed class DagPropertyTests
{
    private static readonly SymbolId Symbol = new(1);

    internal static NodeCatalog Catalog() => new NodeCatalog().Register<MixNode>();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Random_dags_run_each_node_once_after_its_inputs_exactly_when_an_input_changed_and_match_the_naive_reference(bool compiledPlans)
    {
        long compiledEvents = 0;
        Gen.Select(Gen.Int[1, 200], Gen.Int[1, 300], Gen.Int, Gen.Int)
            .Sample((nodes, events, graphSeed, eventSeed) => compiledEvents += Check(nodes, events, graphSeed, eventSeed, compiledPlans), iter: 60, threads: 1);
        // DAGs of up to 64 steps run the usual scheduled sets from compiled plans when plans are compiled: that path
        // was checked too; off, every event took the bitset walk
        if (compiledPlans)
            Assert.True(compiledEvents > 0, "no event ran from a compiled plan");
        else
            Assert.Equal(0, compiledEvents);
    }

    private static long Check(int nodeCount, int eventCount, int graphSeed, int eventSeed, bool compiledPlans)
    {
        var graph = RandomGraph.Create(nodeCount, graphSeed);
        var dag = DagCompiler.Compile(graph.ToPipeline(), Catalog());
        dag.CompilesPlans = compiledPlans;
        var pipeline = new SymbolPipeline(dag, Symbol, 2, 0);
        var sink = new TestSink();
        var reference = new NaiveReference(graph, Symbol);
        var stepOf = new int[nodeCount];
        for (var k = 0; k < nodeCount; k++)
            stepOf[k] = dag.IndexOf($"n{k}");

        long evaluations = 0;
        foreach (var e in RandomGraph.Events(eventCount, eventSeed, Symbol))
        {
            RunRecorder.Runs.Clear();
            pipeline.OnEvent(in e, ref sink);
            reference.Apply(in e);
            var runs = RunRecorder.Runs;
            evaluations += runs.Count;

            var position = new int[nodeCount];
            Array.Fill(position, -1);
            for (var i = 0; i < runs.Count; i++)
            {
                Assert.True(position[runs[i]] < 0, $"node n{runs[i]} ran twice in event {e.SourceSequence}");
                position[runs[i]] = i;
            }
            for (var k = 0; k < nodeCount; k++)
            {
                Assert.True(reference.Ran[k] == (position[k] >= 0),
                    $"node n{k} {(position[k] >= 0 ? "ran" : "did not run")} in event {e.SourceSequence} ({e.Kind}); the reference says it {(reference.Ran[k] ? "should" : "should not")}");
                if (position[k] < 0)
                    continue;
                foreach (var up in graph.Nodes[k].Values)
                {
                    Assert.True(position[up] < position[k], $"node n{k} ran before its input n{up} in event {e.SourceSequence}");
                }
                Assert.Equal(reference.Valid(k), pipeline.Dag.IsValid(stepOf[k]));
                Assert.Equal(reference.Value(k), pipeline.Dag.Integer(stepOf[k]));
            }
        }
        Assert.Equal(evaluations, pipeline.Dag.Evaluations);
        return pipeline.Dag.CompiledEvents;
    }
}
