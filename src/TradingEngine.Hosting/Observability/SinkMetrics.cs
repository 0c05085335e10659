using System.Diagnostics;
using TradingEngine.Timescale;
using TradingEngine.Timescale.Sink;

namespace TradingEngine.Hosting.Observability;

/// <summary>
/// The database sink's figures (<c>te run --pg</c>, <c>te sink run</c>): rows accepted, committed, buffered (accepted,
/// not yet committed with their watermark: how far the database lags the engine, in rows and in event time), spilled to disk, failed attempts,
/// whether it is connected and for how long it was not (outage seconds, summed by <see cref="Collect"/>).
/// </summary>
internal sealed class SinkMetrics(Func<TimescaleSink?> sink, TimescaleOptions options)
{
    private long _lastCollect = Stopwatch.GetTimestamp();
    private double _outageSeconds;
    private long _spillBytes;

    /// <summary>Periodic (collector thread): adds the time since the last call to the outage while disconnected; measures the spill directory.</summary>
    public void Collect()
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(_lastCollect, now).TotalSeconds;
        _lastCollect = now;
        if (sink() is not { } s)
            return;
        if (!s.Statistics.Connected)
            Volatile.Write(ref _outageSeconds, _outageSeconds + elapsed);
        Volatile.Write(ref _spillBytes, SpillBytes(options.SpillDirectory));
    }

    public void Write(PrometheusTextWriter w)
    {
        if (sink() is not { } s)
            return;
        var stats = s.Statistics;
        w.Family("te_sink_rows_accepted_total", "counter", "Rows (trade prints and outputs) the database sink accepted.");
        w.Sample("te_sink_rows_accepted_total", stats.Accepted);
        w.Family("te_sink_rows_written_total", "counter", "Rows the database sink committed.");
        w.Sample("te_sink_rows_written_total", stats.RowsWritten);
        w.Family("te_sink_batches_committed_total", "counter", "Batches the database sink committed, each with its source watermark.");
        w.Sample("te_sink_batches_committed_total", stats.BatchesCommitted);
        w.Family("te_sink_rows_below_watermark_total", "counter", "Rows skipped because the committed watermark already covers them (restarts).");
        w.Sample("te_sink_rows_below_watermark_total", stats.SkippedBelowWatermark);
        w.Family("te_sink_buffered_rows", "gauge", "Rows accepted and not yet committed: the sink's watermark lag in rows.");
        w.Sample("te_sink_buffered_rows", stats.Buffered);
        w.Family("te_sink_watermark_lag_seconds", "gauge", "The watermark lag in event time: newest event time accepted minus newest committed (0 when every accepted row is committed).");
        w.Sample("te_sink_watermark_lag_seconds", stats.WatermarkLag.TotalSeconds);
        w.Family("te_sink_committed_event_time_seconds", "gauge", "Event time of the newest committed row, seconds since the Unix epoch (0 before the first commit): time() minus it is the database's staleness.");
        w.Sample("te_sink_committed_event_time_seconds", stats.NewestCommittedEventTime / 1e9);
        w.Family("te_sink_buffered_bytes", "gauge", "Bytes of the rows buffered in memory.");
        w.Sample("te_sink_buffered_bytes", stats.BufferedBytes);
        w.Family("te_sink_spilled_rows_total", "counter", "Rows spilled to disk while the database was away or slow.");
        w.Sample("te_sink_spilled_rows_total", stats.SpilledRows);
        w.Family("te_sink_spill_bytes", "gauge", "Bytes in the spill directory now.");
        w.Sample("te_sink_spill_bytes", Volatile.Read(ref _spillBytes));
        w.Family("te_sink_failed_attempts_total", "counter", "Database writes that failed and were retried.");
        w.Sample("te_sink_failed_attempts_total", stats.FailedAttempts);
        w.Family("te_sink_out_of_order_total", "counter", "Rows out of source order (counted, written).");
        w.Sample("te_sink_out_of_order_total", stats.OutOfOrder);
        w.Family("te_sink_connected", "gauge", "1 while the sink is connected to the database.");
        w.Sample("te_sink_connected", stats.Connected ? 1 : 0);
        w.Family("te_sink_outage_seconds_total", "counter", "Seconds the sink spent disconnected from the database.");
        w.Sample("te_sink_outage_seconds_total", Volatile.Read(ref _outageSeconds));
    }

    private static long SpillBytes(string? directory)
    {
        if (directory is null || !Directory.Exists(directory))
            return 0;
        long bytes = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories))
            bytes += file.Length;
        return bytes;
    }
}
