using TradingEngine.Tests.Support;
using TradingEngine.Timescale;
using TradingEngine.Timescale.Migrations;
using TradingEngine.Timescale.Schema;
using TradingEngine.Timescale.Sink;

namespace TradingEngine.Tests.Timescale;

public class MigrationCatalogTests
{
    private static readonly TimescaleOptions Options = new() { ConnectionString = "Host=localhost" };

    [Fact]
    public void Schema_sql_is_the_concatenation_of_the_plain_branch_migrations()
    {
        var path = Path.Combine(TestData.RepositoryRoot(), "src", "TradingEngine.Timescale", "schema.sql");
        Assert.True(File.Exists(path), $"{path} is missing");
        Assert.Equal(MigrationCatalog.PlainSchemaScript(Options), File.ReadAllText(path));
    }

    /// <summary>
    /// Migration 1 is applied to existing databases, which record only its version: its text may not change. It was the
    /// file Migrations/0001_tables.sql (SHA-256 below) and is now rendered from <see cref="SinkSchema"/>.
    /// </summary>
    [Fact]
    public void Migration_one_is_rendered_from_the_table_descriptions_unchanged_since_it_was_first_applied()
    {
        var statement = Assert.Single(MigrationCatalog.All(false, Options)[0].Statements);
        Assert.Equal("989b770b3fcba2349a8c813c10aef68a579575d94b0a233e7a930302b7cdfb48",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(statement))));
    }

    /// <summary>Golden COPY column lists: the writer's value order, the tables' column order and the migration agree.</summary>
    [Theory]
    [InlineData(nameof(SinkTable.Ticks), "time, time_ns, receive_ns, symbol, price_precision, size_precision, price_raw, size_raw, bid_raw, ask_raw, side, flags, conditions, venue, source_seq")]
    [InlineData(nameof(SinkTable.Candles), "time, time_ns, close_ns, symbol, timeframe, price_precision, size_precision, open_raw, high_raw, low_raw, close_raw, volume_raw, tick_count, flags, receive_ns, source_seq")]
    [InlineData(nameof(SinkTable.MarketStructure), "time, time_ns, symbol, timeframe, node, type, direction, state, price_precision, price_raw, price2_raw, ref_ns, count, size_precision, volume_raw, source_seq")]
    [InlineData(nameof(SinkTable.Indicators), "time, time_ns, symbol, timeframe, node, indicator, period, value, upper1, lower1, upper2, lower2, session_start_ns, source_seq")]
    [InlineData(nameof(SinkTable.VolumeAnalysis), "time, time_ns, symbol, timeframe, node, type, bar_ns, price_precision, size_precision, buy_raw, sell_raw, delta_raw, total_volume_raw, poc_raw, vah_raw, val_raw, level_count, value_area_bp, buy_imbalances, sell_imbalances, max_stacked_imbalances, max_imbalance_price_raw, max_imbalance_ratio, source_seq")]
    [InlineData(nameof(SinkTable.StrategySignals), "time, time_ns, symbol, timeframe, strategy, type, action, side, price_precision, price_raw, stop_raw, target_raw, size_precision, size_raw, r_multiple, reason_code, triggers, source_seq")]
    [InlineData(nameof(SinkTable.Positions), "time, time_ns, symbol, timeframe, strategy, side, size_precision, quantity_raw, price_precision, mark_price_raw, average_price, realized_pnl, unrealized_pnl, source_seq")]
    public void Copy_column_lists_come_from_the_table_descriptions(string tableName, string expected)
    {
        var table = Enum.Parse<SinkTable>(tableName);
        Assert.Equal(expected, SinkRowWriter.Columns(table));
        Assert.Equal($"COPY {SinkTables.Name(table)} ({expected}) FROM STDIN (FORMAT BINARY)",
            table == SinkTable.Candles ? SinkRowWriter.CopyCommand(table).Replace("candles_stage (", "candles (").Replace(", stage_ord)", ")") : SinkRowWriter.CopyCommand(table));
    }

    [Fact]
    public void The_candle_upsert_replaces_every_column_but_the_key_and_time_ns()
    {
        var merge = SinkRowWriter.MergeCandleStage;
        Assert.Contains("ON CONFLICT (symbol, timeframe, time) DO UPDATE SET close_ns = EXCLUDED.close_ns, price_precision = EXCLUDED.price_precision, "
            + "size_precision = EXCLUDED.size_precision, open_raw = EXCLUDED.open_raw, high_raw = EXCLUDED.high_raw, low_raw = EXCLUDED.low_raw, "
            + "close_raw = EXCLUDED.close_raw, volume_raw = EXCLUDED.volume_raw, tick_count = EXCLUDED.tick_count, flags = EXCLUDED.flags, "
            + "receive_ns = EXCLUDED.receive_ns, source_seq = EXCLUDED.source_seq", merge);
        Assert.StartsWith($"INSERT INTO candles ({SinkRowWriter.Columns(SinkTable.Candles)})", merge);
    }

    [Fact]
    public void Versions_are_consecutive_from_one_and_the_same_in_both_branches()
    {
        var plain = MigrationCatalog.All(false, Options);
        var timescale = MigrationCatalog.All(true, Options);
        Assert.Equal(Enumerable.Range(1, plain.Count), plain.Select(m => m.Version));
        Assert.Equal(plain.Select(m => m.Version), timescale.Select(m => m.Version));
        Assert.Equal(plain.Take(2).SelectMany(m => m.Statements), timescale.Take(2).SelectMany(m => m.Statements));
        Assert.All(plain, m => Assert.True(m.Transactional));
        Assert.False(timescale[2].Transactional);
    }

    [Fact]
    public void Plain_branch_makes_an_ordinary_hourly_view_and_calls_nothing_of_timescaledb()
    {
        var statements = TimescaleDdl.Statements(timescaleAvailable: false, Options);
        var sql = Assert.Single(statements);
        Assert.StartsWith("CREATE OR REPLACE VIEW candles_1h AS", sql);
        Assert.Contains("date_bin(INTERVAL '1 hour', time, TIMESTAMPTZ '2000-01-01 00:00:00+00')", sql);
        Assert.DoesNotContain("timescaledb", sql);
        Assert.DoesNotContain("time_bucket", sql);
    }

    [Fact]
    public void TimescaleDB_branch_creates_the_extension_hypertables_policies_and_continuous_aggregate()
    {
        var options = Options with { ChunkTimeInterval = TimeSpan.FromHours(6), CompressAfter = TimeSpan.FromDays(2), TickRetention = TimeSpan.FromDays(30) };
        var statements = TimescaleDdl.Statements(timescaleAvailable: true, options);
        Assert.Equal("CREATE EXTENSION IF NOT EXISTS timescaledb", statements[0]);
        foreach (var table in (string[])["ticks", "candles", "market_structure", "indicators", "volume_analysis", "strategy_signals", "positions"])
        {
            Assert.Contains($"SELECT create_hypertable('{table}', 'time', chunk_time_interval => INTERVAL '21600 seconds', if_not_exists => TRUE, migrate_data => TRUE)", statements);
            Assert.Contains(statements, s => s.StartsWith($"ALTER TABLE {table} SET (timescaledb.compress, timescaledb.compress_segmentby = '", StringComparison.Ordinal));
            Assert.Contains($"SELECT add_compression_policy('{table}', INTERVAL '172800 seconds', if_not_exists => TRUE)", statements);
        }
        Assert.Contains("ALTER TABLE candles SET (timescaledb.compress, timescaledb.compress_segmentby = 'symbol, timeframe', timescaledb.compress_orderby = 'time DESC')", statements);
        Assert.Contains("SELECT add_retention_policy('ticks', INTERVAL '2592000 seconds', if_not_exists => TRUE)", statements);
        var aggregate = Assert.Single(statements, s => s.StartsWith("CREATE MATERIALIZED VIEW", StringComparison.Ordinal));
        Assert.Contains("CREATE MATERIALIZED VIEW IF NOT EXISTS candles_1h WITH (timescaledb.continuous) AS", aggregate);
        Assert.Contains("time_bucket(INTERVAL '1 hour', time) AS bucket", aggregate);
        Assert.Contains("first(open_raw, time)", aggregate);
        Assert.Contains("last(close_raw, time)", aggregate);
        Assert.EndsWith("WITH NO DATA", aggregate);
        // the policy comes after the aggregate it refreshes
        Assert.Equal("SELECT add_continuous_aggregate_policy('candles_1h', start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes', if_not_exists => TRUE)",
            statements[^1]);
    }

    [Fact]
    public void Without_tick_retention_no_retention_policy_is_added()
    {
        var statements = TimescaleDdl.Statements(timescaleAvailable: true, Options with { TickRetention = null });
        Assert.DoesNotContain(statements, s => s.Contains("add_retention_policy", StringComparison.Ordinal));
    }
}
