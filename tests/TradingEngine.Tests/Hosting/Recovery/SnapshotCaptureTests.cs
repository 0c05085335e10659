using System.Diagnostics;
using TradingEngine.Hosting.Recovery;

namespace TradingEngine.Tests.Hosting.Recovery;

/// <summary>
/// The executor-thread half of a live snapshot: the executor framing (names, lengths, checksum, reused buffer) adds no
/// allocation to what the pipelines' own state writers allocate.
/// </summary>
public sealed class SnapshotCaptureTests
{
    [Fact]
    public void Executor_framing_allocates_nothing_beyond_the_pipelines_own_state_writers()
    {
        using var fixture = RecoveryFixture.Synthetic(20_000);
        var engine = fixture.NewEngine();
        engine.Feed(fixture.Events, 0, fixture.Events.Length);
        var buffer = new SnapshotBuffer(256);
        ExecutorSnapshot.Write(engine.Executor, engine.Symbols, 1, 0, buffer);
        ExecutorSnapshot.Write(engine.Executor, engine.Symbols, 2, 0, buffer);

        const int captures = 50;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < captures; i++)
        {
            buffer.Reset();
            var pipelines = engine.Executor.Pipelines;
            for (var p = 0; p < pipelines.Count; p++)
                pipelines[p].WriteSnapshot(buffer);
        }
        var pipelinesAlone = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < captures; i++)
            ExecutorSnapshot.Write(engine.Executor, engine.Symbols, 3 + i, 0, buffer);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var whole = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(pipelinesAlone, whole);
        TestContext.Current.SendDiagnosticMessage(
            $"es_futures executor snapshot: {buffer.Length:N0} bytes, {elapsed.TotalMicroseconds / captures:F1} µs per capture (executor-thread pause), {whole / captures:N0} bytes allocated per capture by the pipelines' state writers");
    }
}
