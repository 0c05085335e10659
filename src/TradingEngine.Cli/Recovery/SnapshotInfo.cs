namespace TradingEngine.Cli.Recovery;

/// <summary>A snapshot file in a <see cref="SnapshotStore"/>: the journal sequence it covers (every event up to and including it).</summary>
public readonly record struct SnapshotInfo(string Path, long Sequence, long LastEventTime);
