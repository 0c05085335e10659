using TradingEngine.Timescale.Sink;

namespace TradingEngine.Hosting.Roles;

/// <summary>
/// What a <see cref="SinkRole"/> run did: frames received and rejected (the last reason), rows written, skipped below the
/// watermark (repeats: exactly once), spilled to disk, and the rows taken but not stored (the database did not take the
/// last of them within <see cref="SinkRole.StopTimeout"/>).
/// </summary>
public sealed record SinkRoleSummary(long Received, long Rejected, string? LastRejection, SinkStatistics Statistics, long MaxBufferedBytes, bool Abandoned)
{
    /// <summary>Rows the sink accepted that are neither written nor skipped as repeats.</summary>
    public long NotStored => Math.Max(0, Statistics.Accepted - Statistics.RowsWritten - Statistics.SkippedBelowWatermark);

    /// <summary>The summary's lines, in order: the abandonment (when it happened), then the counts.</summary>
    public IEnumerable<string> Lines()
    {
        if (Abandoned)
            yield return $"the database did not take the last rows within {SinkRole.StopTimeout.TotalSeconds:0} s; they are abandoned";
        var s = Statistics;
        yield return $"{Received:N0} frames received, {Rejected:N0} rejected{(LastRejection is { } why ? $" (last: {why})" : "")}; " +
            $"{s.RowsWritten:N0} rows written, {s.SkippedBelowWatermark:N0} skipped below the watermark, " +
            $"{s.SpilledRows:N0} spilled to disk (peak memory {s.PeakBufferedBytes >> 20} MiB of {MaxBufferedBytes >> 20})" +
            (NotStored > 0 ? $", {NotStored:N0} NOT stored" : "");
    }
}
