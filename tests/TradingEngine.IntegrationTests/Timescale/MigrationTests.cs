using Npgsql;
using TradingEngine.Timescale;
using TradingEngine.Timescale.Migrations;
using TradingEngine.Timescale.Schema;

namespace TradingEngine.IntegrationTests.Timescale;

public class MigrationTests
{
    [Fact]
    public async Task Applying_the_migrations_twice_is_a_no_op()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync();
        await using var connection = await db.OpenAsync();
        var first = await SchemaMigrator.MigrateAsync(connection, db.Options(), ct);
        Assert.Equal([1, 2, 3], first.Applied);
        Assert.False(first.TimescaleDb); // this machine's package archive has no TimescaleDB: the plain branch ran
        var before = await SnapshotAsync(db);

        var second = await SchemaMigrator.MigrateAsync(connection, db.Options(), ct);

        Assert.Empty(second.Applied);
        Assert.Equal(3, second.CurrentVersion);
        Assert.Equal(before, await SnapshotAsync(db));
    }

    [Fact]
    public async Task A_newer_migration_applies_on_top_of_an_older_schema_and_keeps_its_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync();
        await using var connection = await db.OpenAsync();
        var all = MigrationCatalog.All(timescaleAvailable: false, db.Options());
        var old = await SchemaMigrator.ApplyAsync(connection, "public", all.Take(1).ToList(), ct);
        Assert.Equal([1], old.Applied);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM pg_views WHERE viewname = 'ticks_v'"));
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO ticks (time, time_ns, receive_ns, symbol, price_precision, size_precision, price_raw, size_raw, side, flags, conditions, venue, source_seq)
            VALUES ('2023-12-01T14:30:00Z', 1701441000000000000, 0, '6EZ3', 5, 0, 108965, 2, 0, 0, 0, 0, 1)
            """, connection))
            await insert.ExecuteNonQueryAsync(ct);

        var newer = await SchemaMigrator.MigrateAsync(connection, db.Options(), ct);

        Assert.Equal([2, 3], newer.Applied);
        Assert.Equal("1.08965", await db.ScalarAsync<string>("SELECT price::text FROM ticks_v"));
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task The_plain_branch_creates_the_tables_indexes_and_hourly_view_queries_need()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync();
        await using var connection = await db.OpenAsync("te_custom");
        await SchemaMigrator.MigrateAsync(connection, db.Options("te_custom"), ct);
        var indexes = await ListAsync(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'te_custom'", "te_custom");
        foreach (var expected in (string[])["ticks_symbol_time", "candles_symbol_time", "candles_symbol_timeframe_time", "market_structure_symbol_time",
                     "indicators_symbol_time", "indicators_symbol_node_time", "volume_analysis_symbol_time", "strategy_signals_symbol_time",
                     "strategy_signals_strategy_time", "positions_symbol_time", "sink_offsets_pkey"])
            Assert.Contains(expected, indexes);
        Assert.Equal("UNIQUE (symbol, timeframe, \"time\")", await db.ScalarAsync<string>(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'candles_symbol_timeframe_time'", "te_custom"));
        Assert.Equal("timestamp with time zone|bigint|smallint|bigint", await db.ScalarAsync<string>("""
            SELECT string_agg(data_type, '|' ORDER BY ordinal_position) FROM information_schema.columns
            WHERE table_schema = 'te_custom' AND table_name = 'ticks' AND column_name IN ('time', 'time_ns', 'price_raw', 'price_precision')
            """, "te_custom"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_views WHERE schemaname = 'te_custom' AND viewname = 'candles_1h'", "te_custom"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'ticks'", "te_custom"));
    }

    /// <summary>The migrated database has exactly the columns the sink's table descriptions (and so its COPY lists) name.</summary>
    [Fact]
    public async Task Every_table_has_the_described_columns_in_order_with_their_types_and_nullability()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync();
        await using var connection = await db.OpenAsync();
        await SchemaMigrator.MigrateAsync(connection, db.Options(), ct);
        foreach (var table in SinkSchema.All)
        {
            var actual = await ListAsync(db, $"""
                SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relname = '{table.Name}' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
                """);
            var expected = table.Columns.Select(c => $"{c.Name} {(c.Type == "timestamptz" ? "timestamp with time zone" : c.Type)}{(c.NotNull ? " not null" : "")}");
            Assert.Equal(expected, actual);
        }
    }

    private static async Task<string> SnapshotAsync(TestDatabase db) =>
        string.Join(";", await ListAsync(db, """
            SELECT version || ':' || name || ':' || applied_at FROM schema_migrations
            UNION ALL SELECT 'rel:' || relname || ':' || relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
            ORDER BY 1
            """));

    private static async Task<List<string>> ListAsync(TestDatabase db, string sql, string schema = "public")
    {
        await using var connection = await db.OpenAsync(schema);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            rows.Add(reader.GetString(0));
        return rows;
    }
}
