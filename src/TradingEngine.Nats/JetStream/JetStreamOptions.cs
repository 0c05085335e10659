namespace TradingEngine.Nats;

/// <summary>
/// No-loss ingestion: the engine's stream (its owned input subjects only), the durable consumer, retention and when
/// acks go out (docs/nats.md, "No-loss mode").
/// </summary>
public sealed record JetStreamOptions
{
    /// <summary>
    /// The stream of this engine: it captures the input subjects of the symbols the engine owns
    /// (<see cref="IngestionOptions.Subjects"/>), so its one consumer receives nothing else and delivers in stream
    /// order. Two engines with different symbols need two streams (NATS refuses overlapping subjects).
    /// </summary>
    public string StreamName { get; init; } = "TE_TICKS";

    /// <summary>Durable consumer name: one per engine deployment (it remembers what was acked across restarts).</summary>
    public string ConsumerName { get; init; } = "te-engine";

    /// <summary>
    /// The highest stream sequence already journaled (read back from the journal at start): messages up to it are
    /// skipped, messages after it are journaled in stream order. 0 on a fresh journal.
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

    /// <summary>
    /// Most bytes the stream holds. The stream keeps a message until the engine has journaled and acked it (interest
    /// retention) and, when full, refuses new messages (discard new): publishers get an error (back-pressure), and no
    /// message the engine has not acked is ever removed. Size it for the longest engine outage to ride out.
    /// </summary>
    public long MaxBytes { get; init; } = 1L << 30;

    /// <summary>Replicas of the stream in a JetStream cluster (1: a single server; 3 in the cluster deployment, docs/scaling.md).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>
    /// When set, the durable consumer name of the stream's pin (<see cref="JetStreamPin"/>): created, if missing, before
    /// anything is acked, so the stream keeps what an executor restored from a snapshot on the bus must replay.
    /// </summary>
    public string? PinName { get; init; }

    /// <summary>How long a starting engine listens for another engine already consuming the stream.</summary>
    public TimeSpan OwnerProbe { get; init; } = TimeSpan.FromMilliseconds(500);
}
