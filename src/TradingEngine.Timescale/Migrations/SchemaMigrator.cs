using Npgsql;

namespace TradingEngine.Timescale.Migrations;

/// <summary>
/// Brings a database to the newest schema at start: creates the schema and <c>schema_migrations</c>, then applies,
/// in order, every version not recorded there. Serialized by an advisory lock, so two sinks starting together do not
/// race; running it on a current schema changes nothing.
/// </summary>
public static class SchemaMigrator
{
    // Any constant shared by every migrator of this schema layout; pg_advisory_lock takes a bigint.
    private const long LockKey = 0x7465_5F73_696E_6B31; // "te_sink1"

    /// <summary>Detects the TimescaleDB branch and applies the whole catalog.</summary>
    public static async Task<MigrationResult> MigrateAsync(NpgsqlConnection connection, TimescaleOptions options, CancellationToken cancellationToken)
    {
        var timescale = await TimescaleAvailableAsync(connection, cancellationToken).ConfigureAwait(false);
        return await ApplyAsync(connection, options.Schema, MigrationCatalog.All(timescale, options), cancellationToken).ConfigureAwait(false)
            with { TimescaleDb = timescale };
    }

    public static async Task<bool> TimescaleAvailableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TimescaleDdl.AvailabilityQuery, connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Applies the <paramref name="migrations"/> not yet recorded (tests pass a prefix to build an older schema).</summary>
    public static async Task<MigrationResult> ApplyAsync(NpgsqlConnection connection, string schema, IReadOnlyList<Migration> migrations,
        CancellationToken cancellationToken)
    {
        schema = SqlIdentifier.Require(schema, "schema");
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(" + LockKey + ")", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema}", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"""
                CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken).ConfigureAwait(false);
            var applied = new HashSet<int>();
            await using (var read = new NpgsqlCommand($"SELECT version FROM {schema}.schema_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    applied.Add(reader.GetInt32(0));
            }
            var now = new List<int>();
            foreach (var migration in migrations.OrderBy(m => m.Version))
            {
                if (applied.Contains(migration.Version))
                    continue;
                await ApplyOneAsync(connection, schema, migration, cancellationToken).ConfigureAwait(false);
                now.Add(migration.Version);
                applied.Add(migration.Version);
            }
            return new MigrationResult(now, applied.Count == 0 ? 0 : applied.Max(), TimescaleDb: false);
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(" + LockKey + ")", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ApplyOneAsync(NpgsqlConnection connection, string schema, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = migration.Transactional
            ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        // The tables are created unqualified: pin the schema for this migration whatever the connection's path is.
        await ExecuteAsync(connection, $"SET {(transaction is null ? "" : "LOCAL ")}search_path TO {schema}{(schema == "public" ? "" : ", public")}",
            cancellationToken).ConfigureAwait(false);
        foreach (var statement in migration.Statements)
        {
            try
            {
                await ExecuteAsync(connection, statement, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException(
                    $"migration {migration.Version} ({migration.Name}) failed in schema {schema}: {ex.MessageText} (SQLSTATE {ex.SqlState})", ex);
            }
        }
        await using (var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_migrations (version, name) VALUES ($1, $2)", connection))
        {
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        if (transaction is not null)
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
