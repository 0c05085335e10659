namespace TradingEngine.Timescale.Sink;

/// <summary>A snapshot of a sink's counters (all monotonic except <see cref="Buffered"/> and the state flags).</summary>
public sealed record SinkStatistics
{
    public long Accepted { get; init; }
    public long RowsWritten { get; init; }
    public long BatchesCommitted { get; init; }
    /// <summary>Records at or below the committed watermark (a replay's overlap): dropped, never written twice.</summary>
    public long SkippedBelowWatermark { get; init; }
    /// <summary>Records in memory between the feeds and the writer: the back-pressure gauge.</summary>
    public long Buffered { get; init; }
    /// <summary>Bytes of the chunks holding <see cref="Buffered"/>, bounded by <see cref="TimescaleOptions.MaxBufferedBytes"/>.</summary>
    public long BufferedBytes { get; init; }
    public long PeakBufferedBytes { get; init; }
    /// <summary>Backlogs past 16 MiB whose memory the writer gave back to the OS once they were written.</summary>
    public long MemoryTrims { get; init; }
    public long SpilledChunks { get; init; }
    public long SpilledRows { get; init; }
    public long Ignored { get; init; }
    public long OutOfOrder { get; init; }
    /// <summary>Failed batch attempts (connection lost, server down, …), each retried after a backoff.</summary>
    public long FailedAttempts { get; init; }
    public string? LastError { get; init; }
    public bool Connected { get; init; }
    public bool TimescaleDb { get; init; }
    public IReadOnlyList<long> RowsPerTable { get; init; } = [];
}
