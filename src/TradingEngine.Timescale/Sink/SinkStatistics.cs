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

    /// <summary>The newest event time (UTC nanoseconds) of the rows accepted; 0 before any.</summary>
    public long NewestAcceptedEventTime { get; init; }

    /// <summary>The event time (UTC nanoseconds) of the first row accepted (over every feed); 0 before any.</summary>
    public long FirstAcceptedEventTime { get; init; }

    /// <summary>
    /// The newest event time (UTC nanoseconds) of the rows committed, or skipped because the database already held them
    /// (below the watermark); 0 before any.
    /// </summary>
    public long NewestCommittedEventTime { get; init; }

    /// <summary>
    /// The watermark lag as time: how much event time the database is behind what the sink accepted,
    /// <see cref="NewestAcceptedEventTime"/> − <see cref="NewestCommittedEventTime"/> (before the first commit: − the
    /// <see cref="FirstAcceptedEventTime"/>), never negative, zero when every accepted row is committed. It grows during
    /// an outage or behind a slow database at the feed's event-time rate, and does not grow while the feed is quiet.
    /// </summary>
    public TimeSpan WatermarkLag
    {
        get
        {
            if (NewestAcceptedEventTime == 0)
                return TimeSpan.Zero;
            var from = NewestCommittedEventTime != 0 ? NewestCommittedEventTime : FirstAcceptedEventTime;
            return TimeSpan.FromTicks(Math.Max(0, NewestAcceptedEventTime - from) / 100);
        }
    }
}
