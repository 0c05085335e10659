using TradingEngine.Tests.Support;
using TradingEngine.Timescale;
using TradingEngine.Timescale.Migrations;

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
