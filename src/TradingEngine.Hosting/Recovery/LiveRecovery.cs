using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// The live engine's side of recovery and warm-up (<c>te run --recover / --warmup / --snapshots</c>): brings the executor to
/// the journal's end before the rings start, and builds the executor's ring consumer that takes snapshots while live.
/// </summary>
internal static class LiveRecovery
{
    /// <summary>
    /// Before any live event: with <paramref name="recover"/>, restores the newest good snapshot and replays the journal
    /// after it; otherwise, with <paramref name="warmUp"/>, replays the journal's last hours. Replayed outputs are
    /// discarded (docs/recovery.md says why), except in a recovery with <paramref name="republish"/>: then the outputs of the
    /// events after the executor's output mark are published again through it, and only a snapshot no newer than the mark is
    /// restored. Returns null when neither was asked for.
    /// </summary>
    public static RecoveryResult? BeforeLive(SymbolExecutor executor, SymbolRegistry symbols, JournalWriter journal,
        string? snapshotDirectory, bool recover, TimeSpan? warmUp, (OutputPublisher Publisher, long PublishedThrough)? republish = null)
    {
        if (!recover && warmUp is null)
            return null;
        if (recover && republish is { } r)
        {
            var publishing = new InMemoryDriver<RepublishSink>(executor, new RepublishSink(r.Publisher, r.PublishedThrough));
            var restored = EngineRecovery.Restore(publishing, symbols, snapshotDirectory, journal.DirectoryPath, warmUp, journal.NextSequence - 1, r.PublishedThrough);
            Check(journal, restored);
            return restored with { Republish = (r.PublishedThrough, publishing.Sink.Republished) };
        }
        var driver = new InMemoryDriver<DiscardSink>(executor, default);
        // the writer has opened (and cut any torn tail): everything before its next sequence is what the state must cover
        var upTo = journal.NextSequence - 1;
        // recovery without snapshots rebuilds the state from the whole journal (or the warm-up window)
        var result = recover
            ? EngineRecovery.Restore(driver, symbols, snapshotDirectory, journal.DirectoryPath, warmUp, upTo)
            : EngineRecovery.WarmUp(driver, symbols, journal.DirectoryPath, warmUp!.Value, upTo);
        Check(journal, result);
        return result;
    }

    private static void Check(JournalWriter journal, RecoveryResult result)
    {
        var upTo = journal.NextSequence - 1;
        if (result.LastSequence != upTo && (result.Events > 0 || result.Snapshot is not null))
            throw new InvalidOperationException($"journal {journal.DirectoryPath}: replay ended at sequence {result.LastSequence}, the journal writer continues after {upTo}");
    }

    /// <summary>
    /// The snapshot writer of a live engine: files go to <paramref name="snapshotDirectory"/>, each once the journal has
    /// made the input-ring sequence it covers durable; those covering a hole the journal's repair recorded are marked so.
    /// </summary>
    /// <param name="publishedThrough">JetStream mode: the executor's durable output mark, so the newest snapshot no newer than
    /// it is kept (see <see cref="SnapshotWriter"/>).</param>
    public static SnapshotWriter CreateWriter(string snapshotDirectory, SnapshotPolicy policy, JournalWriter journal, Func<long>? publishedThrough = null)
    {
        var durable = journal.DurableRingSequence;
        return new SnapshotWriter(new SnapshotStore(snapshotDirectory, policy.Keep), ringSequence => durable.Value >= ringSequence, journal.FirstHoleSequence, publishedThrough);
    }

    /// <summary>
    /// The executor's ring consumer with snapshots. Call before the input ring starts: the ring's sequence 0 is the
    /// journal writer's next sequence.
    /// </summary>
    public static SnapshottingExecutorHandler<OutputRingSink> CreateHandler(SymbolExecutor executor, SymbolRegistry symbols, RingBuffer<MarketEvent> input,
        RingBuffer<OutputMessage> output, SnapshotWriter writer, SnapshotPolicy policy, JournalWriter journal) =>
        CreateHandler(executor, symbols, input, new OutputRingSink(output), writer, policy, journal);

    /// <summary>The executor's ring consumer with snapshots, writing to <paramref name="sink"/>.</summary>
    public static SnapshottingExecutorHandler<TSink> CreateHandler<TSink>(SymbolExecutor executor, SymbolRegistry symbols, RingBuffer<MarketEvent> input,
        TSink sink, SnapshotWriter writer, SnapshotPolicy policy, JournalWriter journal)
        where TSink : struct, IOutputSink =>
        new(new ExecutorRingHandler<TSink>(executor, input, sink) { DurableGate = journal.DurableRingSequence }, executor, symbols, writer, policy, journal.NextSequence);
}
