using System.Buffers;
using CsCheck;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Tests.Engine.Dag;
using TradingEngine.Tests.Engine.Pipelines;
using TradingEngine.Tests.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Tests.Engine.State;

/// <summary>Snapshot after event k, restore into a fresh pipeline, feed k+1..n: every output bit-identical to the uninterrupted run.</summary>
public sealed class PipelineSnapshotTests
{
    private static readonly SymbolId Symbol = new(5);

    [Theory]
    [InlineData("perf/pipelines/bench.yaml", 1)]
    [InlineData("pipelines/es_futures.yaml", 2_500)]
    [InlineData("pipelines/us_equity.yaml", 17_321)]
    public void Restored_pipeline_continues_bit_for_bit(string file, int k)
    {
        var dag = PipelineFilesTests.Compile(file);
        var events = new MarketEvent[40_000];
        var tape = new TickTape(Symbol, 7);
        for (var i = 0; i < events.Length; i++)
            events[i] = tape.Next();
        AssertSnapshotContinues(dag, events, k);
    }

    [Fact]
    public void Random_dags_restored_at_random_points_continue_bit_for_bit()
    {
        Gen.Select(Gen.Int[1, 120], Gen.Int[2, 400], Gen.Int, Gen.Int).Sample((nodes, count, graphSeed, eventSeed) =>
        {
            RunRecorder.Enabled = false;
            try
            {
                var graph = RandomGraph.Create(nodes, graphSeed);
                var dag = DagCompiler.Compile(graph.ToPipeline(), DagPropertyTests.Catalog());
                var events = RandomGraph.Events(count, eventSeed, Symbol);
                AssertSnapshotContinues(dag, events, Math.Abs(eventSeed % count));
            }
            finally
            {
                RunRecorder.Enabled = true;
            }
        }, iter: 40, threads: 1);
    }

    [Theory]
    [InlineData("perf/pipelines/bench.yaml")]
    [InlineData("pipelines/us_equity.yaml")]
    [InlineData("pipelines/es_futures.yaml")]
    public void A_snapshot_after_the_first_allocates_nothing(string file)
    {
        var pipeline = new SymbolPipeline(PipelineFilesTests.Compile(file), Symbol, 2, 0);
        var driver = new InMemoryDriver<NullSink>(new SymbolExecutor([pipeline]), default);
        var tape = new TickTape(Symbol, 11);
        for (var i = 0; i < 5_000; i++)
            driver.Feed(tape.Next());
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        pipeline.WriteSnapshot(buffer); // the first sizes the scratch buffers
        var first = buffer.WrittenCount;
        // the next one, of the same state sizes, reuses them (a node state larger than at every earlier snapshot, e.g.
        // a ladder with new levels, grows the scratch buffer once more)
        buffer.ResetWrittenCount();
        var before = GC.GetAllocatedBytesForCurrentThread();
        pipeline.WriteSnapshot(buffer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(first, buffer.WrittenCount);
        Assert.Equal(0, allocated);
    }

    private struct NullSink : IOutputSink
    {
        public readonly void OnNodeOutput(in NodeOutput output)
        {
        }

        public readonly void OnMessage(in OutputMessage message)
        {
        }

        public readonly void OnCandleClosed(in Candle candle, long sourceSequence)
        {
        }

        public readonly void OnEndOfBatch()
        {
        }
    }

    [Fact]
    public void Snapshot_of_another_pipeline_is_refused_with_a_reason()
    {
        var bench = new SymbolPipeline(PipelineFilesTests.Compile("perf/pipelines/bench.yaml"), Symbol, 2, 0);
        var buffer = new ArrayBufferWriter<byte>();
        bench.WriteSnapshot(buffer);
        var other = new SymbolPipeline(PipelineFilesTests.Compile("pipelines/nq_futures.yaml"), Symbol, 2, 0);
        var ex = Assert.ThrowsAny<Exception>(() => other.RestoreSnapshot(buffer.WrittenSpan));
        Assert.True(ex is InvalidDataException or ArgumentException, ex.ToString());
    }

    private static void AssertSnapshotContinues(CompiledDag dag, MarketEvent[] events, int k)
    {
        var whole = new SymbolPipeline(dag, Symbol, 2, 0);
        var sink = new TestSink();
        for (var i = 0; i <= k; i++)
            whole.OnEvent(in events[i], ref sink);
        var buffer = new ArrayBufferWriter<byte>();
        whole.WriteSnapshot(buffer);

        var restored = new SymbolPipeline(dag, Symbol, 2, 0);
        restored.RestoreSnapshot(buffer.WrittenSpan);
        Assert.Equal(whole.Dag.Board.ToArray(), restored.Dag.Board.ToArray());

        var tailWhole = new TestSink();
        var tailRestored = new TestSink();
        for (var i = k + 1; i < events.Length; i++)
        {
            whole.OnEvent(in events[i], ref tailWhole);
            restored.OnEvent(in events[i], ref tailRestored);
            if (!whole.Dag.Board.SequenceEqual(restored.Dag.Board) || !whole.Dag.BoardValid.SequenceEqual(restored.Dag.BoardValid))
                Assert.Fail($"boards differ after event {i} (snapshot after {k})");
        }
        Assert.Equal(tailWhole.Hash, tailRestored.Hash);
        Assert.Equal(tailWhole.Outputs + tailWhole.Candles, tailRestored.Outputs + tailRestored.Candles);
    }
}
