namespace TradingEngine.Hosting.Recovery;

/// <summary>What a recovery or warm-up did before the engine went live.</summary>
/// <param name="Snapshot">The snapshot restored (null: none, the state was built from the journal alone).</param>
/// <param name="Rejected">Snapshot files skipped, one reason each (damaged, another version, beyond the journal).</param>
/// <param name="FromSequence">First journal sequence replayed.</param>
/// <param name="LastSequence">Journal sequence the executor's state covers now (0 when the journal is empty).</param>
/// <param name="Events">Journal events replayed through the executor.</param>
/// <param name="Skipped">Events read but outside the warm-up window.</param>
/// <param name="Elapsed">Wall time of restore and replay.</param>
public sealed record RecoveryResult(SnapshotInfo? Snapshot, IReadOnlyList<string> Rejected, long FromSequence, long LastSequence,
    long Events, long Skipped, TimeSpan Elapsed)
{
    /// <summary>
    /// JetStream mode: the output mark the replay started from (every output of events up to this stream sequence had been
    /// published), and the replayed outputs after it published again; null without republishing.
    /// </summary>
    public (long PublishedThrough, long Republished)? Republish { get; init; }

    public override string ToString()
    {
        var from = Snapshot is { } s ? $"snapshot {Path.GetFileName(s.Path)} (journal sequence {s.Sequence})" : "no snapshot";
        var rejected = Rejected.Count == 0 ? "" : $"; skipped {Rejected.Count} snapshot(s): {string.Join("; ", Rejected)}";
        var republished = Republish is { } r ? $"; re-published {r.Republished} outputs after the output mark (stream sequence {r.PublishedThrough})" : "";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{from}, replayed {Events} journal events ({FromSequence}..{LastSequence}, {Skipped} before the window) in {Elapsed.TotalMilliseconds:F0} ms{republished}{rejected}");
    }
}
