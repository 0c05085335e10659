namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// A snapshot file in a <see cref="SnapshotStore"/>: the journal sequence it covers (every event up to and including it),
/// and whether its state was built over a hole <c>te journal repair</c> recorded (<see cref="ExecutorSnapshot.AfterJournalHole"/>).
/// </summary>
public readonly record struct SnapshotInfo(string Path, long Sequence, long LastEventTime, bool AfterJournalHole = false);
