namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// When the live executor takes a snapshot: after <see cref="EveryEvents"/> events or <see cref="EveryEventTime"/> of
/// event time, whichever comes first. Event time, not the wall clock, so a replay of the same journal snapshots at the
/// same events. The recovery cost is the journal tail since the last snapshot: at most about that many events.
/// </summary>
public sealed record SnapshotPolicy
{
    public long EveryEvents { get; init; } = 100_000;

    public TimeSpan EveryEventTime { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many snapshot files to keep.</summary>
    public int Keep { get; init; } = 3;
}
