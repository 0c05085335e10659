namespace TradingEngine.Nats;

/// <summary>No-loss tick ingestion: the stream, the durable consumer and when acks go out.</summary>
public sealed record JetStreamOptions
{
    public string StreamName { get; init; } = "TE_TICKS";

    /// <summary>Subjects the stream captures (plain core-NATS publishers to these subjects are persisted too).</summary>
    public IReadOnlyList<string> StreamSubjects { get; init; } = ["ticks.raw.>"];

    /// <summary>Durable consumer name: one per engine deployment (it remembers what was acked across restarts).</summary>
    public string ConsumerName { get; init; } = "te-engine";

    /// <summary>What this consumer reads (default: every tick subject).</summary>
    public string FilterSubject { get; init; } = "ticks.raw.>";

    /// <summary>
    /// The highest stream sequence already journaled (read back from the journal at start): re-deliveries up to it
    /// are skipped, so a restart never produces duplicate outputs. 0 on a fresh journal.
    /// </summary>
    public ulong ResumeAfter { get; init; }

    /// <summary>Un-acked messages are re-delivered after this; long enough to cover a journal flush.</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The server stops delivering when this many are un-acked: bounds memory if the journal stalls.</summary>
    public int MaxAckPending { get; init; } = 50_000;

    /// <summary>How often acks are sent for what became durable (each ack covers every earlier message: ack policy all).</summary>
    public TimeSpan AckInterval { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Messages per pull request.</summary>
    public int PullBatch { get; init; } = 1_000;

    /// <summary>File storage survives a server restart (the point of this mode); memory is for tests and demos.</summary>
    public bool FileStorage { get; init; } = true;
}
