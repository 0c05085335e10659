using System.Globalization;
using TradingEngine.Timescale.Schema;

namespace TradingEngine.Timescale.Migrations;

/// <summary>
/// The SQL of migration 3, in two branches. With the <c>timescaledb</c> extension available: the extension, a
/// hypertable per time-series table, compression and tick retention policies, and a continuous aggregate of hourly
/// candles. On plain PostgreSQL (this machine: TimescaleDB is not in its package archive) the tables stay ordinary
/// and <c>candles_1h</c> is an ordinary view with the same columns, so queries work on both. Production should run
/// TimescaleDB (docs/timescale.md).
/// </summary>
internal static class TimescaleDdl
{
    /// <summary>The time-series tables, with the columns their compressed chunks are segmented by.</summary>
    public static IReadOnlyList<(string Table, string SegmentBy)> Hypertables { get; } =
    [
        (SinkSchema.Ticks.Name, "symbol"),
        (SinkSchema.Candles.Name, "symbol, timeframe"),
        (SinkSchema.MarketStructure.Name, "symbol"),
        (SinkSchema.Indicators.Name, "symbol, node"),
        (SinkSchema.VolumeAnalysis.Name, "symbol"),
        (SinkSchema.StrategySignals.Name, "symbol"),
        (SinkSchema.Positions.Name, "symbol"),
    ];

    /// <summary>Is the extension installable here? Checked at migration time, never assumed.</summary>
    public const string AvailabilityQuery = "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')";

    public static IReadOnlyList<string> Statements(bool timescaleAvailable, TimescaleOptions options)
    {
        if (!timescaleAvailable)
            return [PlainHourlyCandles];
        var statements = new List<string> { "CREATE EXTENSION IF NOT EXISTS timescaledb" };
        foreach (var (table, _) in Hypertables)
            statements.Add($"SELECT create_hypertable('{table}', 'time', chunk_time_interval => {Interval(options.ChunkTimeInterval)}, if_not_exists => TRUE, migrate_data => TRUE)");
        foreach (var (table, segmentBy) in Hypertables)
        {
            statements.Add($"ALTER TABLE {table} SET (timescaledb.compress, timescaledb.compress_segmentby = '{segmentBy}', timescaledb.compress_orderby = 'time DESC')");
            statements.Add($"SELECT add_compression_policy('{table}', {Interval(options.CompressAfter)}, if_not_exists => TRUE)");
        }
        if (options.TickRetention is { } retention)
            statements.Add($"SELECT add_retention_policy('ticks', {Interval(retention)}, if_not_exists => TRUE)");
        statements.Add(TimescaleHourlyCandles);
        statements.Add("SELECT add_continuous_aggregate_policy('candles_1h', start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes', if_not_exists => TRUE)");
        return statements;
    }

    /// <summary>Whole seconds only: the interval text is generated from numbers, never from configuration strings.</summary>
    public static string Interval(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"INTERVAL '{(long)span.TotalSeconds} seconds'");

    private const string PlainHourlyCandles = """
        CREATE OR REPLACE VIEW candles_1h AS
        SELECT symbol,
               date_bin(INTERVAL '1 hour', time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
               price_precision, size_precision,
               (array_agg(open_raw ORDER BY time))[1]       AS open_raw,
               max(high_raw)                                AS high_raw,
               min(low_raw)                                 AS low_raw,
               (array_agg(close_raw ORDER BY time DESC))[1] AS close_raw,
               sum(volume_raw)::bigint                      AS volume_raw,
               sum(tick_count)::bigint                      AS tick_count
        FROM candles
        WHERE timeframe = '1m'
        GROUP BY symbol, bucket, price_precision, size_precision
        """;

    private const string TimescaleHourlyCandles = """
        CREATE MATERIALIZED VIEW IF NOT EXISTS candles_1h WITH (timescaledb.continuous) AS
        SELECT symbol,
               time_bucket(INTERVAL '1 hour', time) AS bucket,
               price_precision, size_precision,
               first(open_raw, time)   AS open_raw,
               max(high_raw)           AS high_raw,
               min(low_raw)            AS low_raw,
               last(close_raw, time)   AS close_raw,
               sum(volume_raw)::bigint AS volume_raw,
               sum(tick_count)::bigint AS tick_count
        FROM candles
        WHERE timeframe = '1m'
        GROUP BY symbol, bucket, price_precision, size_precision
        WITH NO DATA
        """;
}
