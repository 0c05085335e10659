using System.CommandLine;
using Npgsql;
using TradingEngine.Timescale;
using TradingEngine.Timescale.Migrations;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te sink migrate | status</c>: the TimescaleDB sink's operations from the command line. <c>migrate</c> brings a
/// database to the newest schema (what the sink also does at start); <c>status</c> prints the applied versions, the
/// committed watermark of every source and symbol (where a replay resumes) and the row count of every table.
/// The standalone consumer of the internal NATS subjects plugs a <c>SinkFeed</c> into a subscriber of the Nats library
/// (docs/timescale.md).
/// </summary>
public static class SinkCommand
{
    public static Command Create()
    {
        var command = new Command("sink", "TimescaleDB sink: apply schema migrations, show watermarks and row counts");
        command.Subcommands.Add(Migrate());
        command.Subcommands.Add(Status());
        return command;
    }

    internal static Option<string> PgOption() => new("--pg")
    {
        Description = "Npgsql connection string (default: $TE_PG)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TE_PG") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres",
    };

    internal static Option<string> SchemaOption() => new("--schema")
    {
        Description = "schema holding the tables ([a-z_][a-z0-9_]*)",
        DefaultValueFactory = _ => "public",
    };

    /// <summary>Options from the command line; a bad schema name comes back as the error text.</summary>
    internal static TimescaleOptions? Options(ParseResult result, Option<string> pg, Option<string> schema, string verb)
    {
        var options = new TimescaleOptions { ConnectionString = result.GetValue(pg)!, Schema = result.GetValue(schema)! };
        try
        {
            options.Validate();
            return options;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"te {verb}: {ex.Message}");
            return null;
        }
    }

    private static Command Migrate()
    {
        var pg = PgOption();
        var schema = SchemaOption();
        var command = new Command("migrate", "apply the schema migrations not yet recorded in schema_migrations") { pg, schema };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (Options(result, pg, schema, "sink migrate") is not { } options)
                return 2;
            try
            {
                await using var connection = new NpgsqlConnection(options.EffectiveConnectionString());
                await connection.OpenAsync(cancellationToken);
                var applied = await SchemaMigrator.MigrateAsync(connection, options, cancellationToken);
                Console.WriteLine(applied.Applied.Count == 0
                    ? $"schema {options.Schema}: current at version {applied.CurrentVersion}"
                    : $"schema {options.Schema}: applied {string.Join(", ", applied.Applied)}; now at version {applied.CurrentVersion}");
                Console.WriteLine(applied.TimescaleDb
                    ? "timescaledb: available: hypertables, compression, retention, continuous aggregate"
                    : "timescaledb: not available: plain PostgreSQL tables (production should run TimescaleDB)");
                return 0;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                Console.Error.WriteLine($"te sink migrate: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command Status()
    {
        var pg = PgOption();
        var schema = SchemaOption();
        var command = new Command("status", "schema version, watermarks per source and symbol, rows per table") { pg, schema };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (Options(result, pg, schema, "sink status") is not { } options)
                return 2;
            try
            {
                await using var connection = new NpgsqlConnection(options.EffectiveConnectionString());
                await connection.OpenAsync(cancellationToken);
                await PrintAsync(connection, "SELECT 'version ' || version || ' ' || name || ' applied ' || applied_at FROM schema_migrations ORDER BY version", cancellationToken);
                await PrintAsync(connection,
                    "SELECT 'watermark ' || source || ' ' || symbol || ' seq ' || seq || '#' || ordinal || ' at ' || updated_at FROM sink_offsets ORDER BY source, symbol",
                    cancellationToken);
                foreach (var table in (string[])["ticks", "candles", "market_structure", "indicators", "volume_analysis", "strategy_signals", "positions"])
                    await PrintAsync(connection, $"SELECT 'rows {table} ' || count(*) FROM {table}", cancellationToken);
                return 0;
            }
            catch (NpgsqlException ex)
            {
                Console.Error.WriteLine($"te sink status: {ex.Message} (run `te sink migrate` first?)");
                return 1;
            }
        });
        return command;
    }

    private static async Task PrintAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            Console.WriteLine(reader.GetString(0));
    }
}
