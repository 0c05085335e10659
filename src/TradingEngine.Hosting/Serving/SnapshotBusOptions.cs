namespace TradingEngine.Hosting.Serving;

/// <summary>Where <c>te serve executor --snapshot-bucket</c> keeps its snapshots on the bus (<see cref="SnapshotBus"/>).</summary>
public sealed record SnapshotBusOptions
{
    /// <summary>The JetStream object store bucket (one for every group; each group is one object).</summary>
    public string Bucket { get; init; } = SnapshotBus.DefaultBucket;

    /// <summary>The object's name and the pin's key: the executor group (<see cref="ExecutorGroups.Key"/>).</summary>
    public required string Key { get; init; }

    /// <summary>Replicas of the bucket (3 in a JetStream cluster).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>
    /// Tries of a restore's fetch while JetStream does not answer (no API response, no responders: a cluster electing a
    /// leader), with <see cref="UnavailableDelay"/> doubling between them (at most 4 s); then
    /// <see cref="SnapshotBusUnavailableException"/>. The default waits about 30 s besides the requests' own timeouts.
    /// </summary>
    public int UnavailableAttempts { get; init; } = 10;

    /// <summary>The first wait between two tries (<see cref="UnavailableAttempts"/>).</summary>
    public TimeSpan UnavailableDelay { get; init; } = TimeSpan.FromMilliseconds(250);
}
