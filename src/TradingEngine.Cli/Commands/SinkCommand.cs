using TradingEngine.Hosting.Observability;
using TradingEngine.Hosting.Roles;
using System.CommandLine;
using Npgsql;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Nats;
using TradingEngine.Timescale;
using TradingEngine.Timescale.Migrations;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te sink migrate | status | run</c>: the TimescaleDB sink's operations from the command line. <c>migrate</c> brings a
/// database to the newest schema (what the sink also does at start); <c>status</c> prints the applied versions, the
/// committed watermark of every source and symbol (where a replay resumes) and the row count of every table;
/// <c>run</c> is the standalone sink (the seed's db-sink deployment), composed by the host's <see cref="SinkRole"/>: the
/// engine's binary frames from the internal NATS subjects into the sink (docs/timescale.md).
/// </summary>
internal static class SinkCommand
{
    public static Command Create()
    {
        var command = new Command("sink", "TimescaleDB sink: apply schema migrations, show watermarks and row counts, store the internal NATS outputs");
        command.Subcommands.Add(Migrate());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Run());
        foreach (var verb in command.Subcommands)
            verb.Options.Add(PgPasswordFileOption());
        return command;
    }

    internal static Option<string> PgOption() => new("--pg")
    {
        Description = "Npgsql connection string without the password (default: $TE_PG); the password from --pg-password-file, PGPASSWORD or a passfile (~/.pgpass, PGPASSFILE)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TE_PG") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres",
    };

    internal static Option<string> SchemaOption() => new("--schema")
    {
        Description = "schema holding the tables ([a-z_][a-z0-9_]*)",
        DefaultValueFactory = _ => "public",
    };

    /// <summary><c>--sink-memory MiB</c>: the sink's memory budget while PostgreSQL is slow or away (<see cref="TimescaleOptions.MaxBufferedBytes"/>).</summary>
    internal static Option<int> MemoryOption() => new Option<int>("--sink-memory")
    {
        Description = "MiB of rows the database sink keeps in memory while PostgreSQL is slow or away; rows past it spill to disk",
        DefaultValueFactory = _ => (int)(TimescaleOptions.DefaultMaxBufferedBytes >> 20),
    }.InRange(1, 1 << 20);

    /// <summary><c>--sink-spill DIR</c>: where rows past the budget go (<see cref="TimescaleOptions.SpillDirectory"/>).</summary>
    internal static Option<DirectoryInfo?> SpillOption() => new("--sink-spill")
    {
        Description = "directory for rows past --sink-memory (default: a per-process folder under the temp directory)",
    };

    /// <summary><paramref name="options"/> with the memory budget and spill directory of the command line.</summary>
    internal static TimescaleOptions WithBuffering(TimescaleOptions options, ParseResult result, Option<int> memory, Option<DirectoryInfo?> spill) =>
        options with { MaxBufferedBytes = (long)result.GetValue(memory) << 20, SpillDirectory = result.GetValue(spill)?.FullName };

    internal const string PgPasswordFileName = "--pg-password-file";

    /// <summary><c>--pg-password-file FILE</c> (default: <c>TE_PG_PASSWORD_FILE</c>): the password never on the command line.</summary>
    internal static Option<FileInfo?> PgPasswordFileOption() => new(PgPasswordFileName)
    {
        Description = "file whose first line is the PostgreSQL password (default: $TE_PG_PASSWORD_FILE)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TE_PG_PASSWORD_FILE") is { Length: > 0 } f ? new FileInfo(f) : null,
    };

    /// <summary>The value of the command's <c>--pg-password-file</c> option, when it has one.</summary>
    internal static string? PgPasswordFile(ParseResult result) =>
        result.CommandResult.Command.Options.OfType<Option<FileInfo?>>().FirstOrDefault(o => o.Name == PgPasswordFileName) is { } option
            ? result.GetValue(option)?.FullName
            : null;

    /// <summary>Options from the command line; a bad schema name, memory budget or a malformed connection string comes back as one line of error text.</summary>
    internal static TimescaleOptions? Options(ParseResult result, Option<string> pg, Option<string> schema, string verb,
        Func<TimescaleOptions, TimescaleOptions>? adjust = null)
    {
        var options = new TimescaleOptions { ConnectionString = result.GetValue(pg)!, Schema = result.GetValue(schema)!, PasswordFile = PgPasswordFile(result) };
        if (adjust is not null)
            options = adjust(options);
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

    /// <summary>
    /// <c>te sink run [--nats URL] [--nats-internal URL] [--pg CONN] [--schema NAME] [--pipeline FILE] [--source NAME] [--duration S] [--sink-memory MiB] [--sink-spill DIR]</c>:
    /// the options into a <see cref="SinkRoleOptions"/>, the run in the host's <see cref="SinkRole"/> (the default source is
    /// one per run: <see cref="SinkRoleOptions.DefaultSource"/>).
    /// </summary>
    private static Command Run() => Run("run", "standalone sink: binary output frames from the internal NATS subjects into PostgreSQL/TimescaleDB", null);

    /// <summary>
    /// The command under another name with a role's node names (from the engine config) and readiness
    /// (<c>te serve sink</c>). The role's adjustment maps the registry to node names, or returns null after an error.
    /// </summary>
    internal static Command Run(string name, string description, RoleHooks<SymbolRegistry, Func<SymbolId, int, string?>>? role)
    {
        var pg = PgOption();
        var schema = SchemaOption();
        var pipeline = new Option<FileInfo?>("--pipeline") { Description = "the engine's pipeline YAML, to store node ids instead of node indexes (node3)" };
        var source = new Option<string?>("--source") { Description = "watermark source name (default: nats.internal.<start time>, one per run)" };
        var duration = new Option<double>("--duration") { Description = "stop after S seconds (0: run until Ctrl+C)", DefaultValueFactory = _ => 0 }.RunSeconds();
        var memory = MemoryOption();
        var spill = SpillOption();
        var nats = new NatsOptions();
        var metrics = MetricsOption.Create();
        var command = new Command(name, description)
        {
            pg, schema, pipeline, source, duration, memory, spill, metrics,
        };
        nats.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (Options(result, pg, schema, "sink run", o => WithBuffering(o, result, memory, spill)) is not { } options)
                return 2;
            IReadOnlyList<string> nodeNames = [];
            if (result.GetValue(pipeline) is { } pipelineFile)
            {
                try
                {
                    nodeNames = SinkRoleOptions.NodeNamesOfPipeline(pipelineFile.FullName);
                }
                catch (Exception ex) when (ex is PipelineException or IOException)
                {
                    Console.Error.WriteLine($"te sink run: {ex.Message}");
                    return 2;
                }
            }
            var symbols = new SymbolRegistry();
            Func<SymbolId, int, string?>? nodeName = null;
            if (role is not null && (nodeName = role.Adjust(result, symbols)) is null)
                return 2;
            if (await VerifyAsync(options, "sink run", cancellationToken) is { } refused)
                return refused;
            var roleMetrics = new RoleMetrics("sink");
            await using var endpoint = MetricsOption.Start("te sink run", MetricsOption.Address(result, metrics), roleMetrics, out var metricsFailed);
            if (metricsFailed)
                return 2;
            var roleOptions = new SinkRoleOptions
            {
                Database = options,
                External = nats.External(result, "te-sink"),
                Internal = nats.Internal(result, "te-sink"),
                Source = result.GetValue(source) ?? SinkRoleOptions.DefaultSource(DateTime.UtcNow),
                Symbols = symbols,
                NodeNames = nodeNames,
                NodeName = nodeName,
            };
            try
            {
                await using var sink = await SinkRole.StartAsync(roleOptions, roleMetrics, cancellationToken);
                Console.Error.WriteLine($"te sink run: {sink.Route}");
                await RoleLifetime.RunAsync(result.GetValue(duration), cancellationToken);
                foreach (var line in (await sink.StopAsync()).Lines())
                    Console.Error.WriteLine($"te sink run: {line}");
                return 0;
            }
            catch (NatsConnectionRefusedException ex)
            {
                Console.Error.WriteLine($"te sink run: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>
    /// Opens one connection first: a refused password is one clear line naming the server's reason, exit 1 (null when
    /// the database is reachable). <c>te run --pg</c> checks the same way.
    /// </summary>
    internal static async Task<int?> VerifyAsync(TimescaleOptions options, string verb, CancellationToken cancellationToken)
    {
        try
        {
            await TimescaleConnectionCheck.VerifyAsync(options, cancellationToken);
            return null;
        }
        catch (TimescaleConnectionException ex)
        {
            Console.Error.WriteLine($"te {verb}: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException)
        {
            Console.Error.WriteLine($"te {verb}: {SecretRedactor.Redact(ex.Message)}");
            return 2;
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
            if (await VerifyAsync(options, "sink migrate", cancellationToken) is { } refused)
                return refused;
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
            if (await VerifyAsync(options, "sink status", cancellationToken) is { } refused)
                return refused;
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
