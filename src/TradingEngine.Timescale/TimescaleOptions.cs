using Npgsql;
using TradingEngine.Types;

namespace TradingEngine.Timescale;

/// <summary>
/// Where and how the sink writes. A batch closes 100 ms after its first row or at 50,000 rows, whichever comes
/// first: a quiet market is written within 100 ms, a busy one in batches large enough that the four round trips of
/// a batch (COPY start and end, watermark upsert, COMMIT) stay a few percent of its time (docs/timescale.md has the
/// 10k-row figures). Up to 64 MiB of chunks wait in memory while PostgreSQL is away, beyond that chunks spill to
/// disk in order (the producer never waits for the database).
/// </summary>
public sealed record TimescaleOptions
{
    /// <summary>
    /// An Npgsql connection string (e.g. <c>TE_PG</c>). Better without its password: Npgsql also reads <c>PGPASSWORD</c>,
    /// a passfile (<c>Passfile=</c>, <c>PGPASSFILE</c>, <c>~/.pgpass</c>), and <see cref="PasswordFile"/> overrides them all.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>A file whose first line is the password (<c>--pg-password-file</c>, <c>TE_PG_PASSWORD_FILE</c>); read at connect time.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Host, port, database and user, for messages: never the password (<see cref="SecretRedactor"/>).</summary>
    public string SafeDescription
    {
        get
        {
            try
            {
                var b = new NpgsqlConnectionStringBuilder(ConnectionString);
                return $"{b.Host ?? "localhost"}:{b.Port}/{b.Database ?? b.Username ?? "(default)"} as {b.Username ?? "(default user)"}";
            }
            catch (ArgumentException)
            {
                return "(malformed connection string)";
            }
        }
    }

    /// <summary>The schema holding the tables; created when missing. Whitelisted (see <see cref="SqlIdentifier"/>).</summary>
    public string Schema { get; init; } = "public";

    public int MaxBatchRows { get; init; } = 50_000;

    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Rows per hand-off chunk between a producer and the writer thread (also the spill unit).</summary>
    public int ChunkRows { get; init; } = 4_096;

    /// <summary>The memory budget, in bytes, of the chunks waiting for the writer over all feeds of a sink (64 MiB):
    /// a chunk that would go past it spills to <see cref="SpillDirectory"/>. A chunk counts whole (<see cref="ChunkRows"/>
    /// × 120 bytes) however few rows it holds. Beyond it the sink holds its batch (<see cref="MaxBatchRows"/> × 120
    /// bytes), one filling chunk per feed and a few pooled ones.</summary>
    public long MaxBufferedBytes { get; init; } = DefaultMaxBufferedBytes;

    /// <summary>64 MiB.</summary>
    public const long DefaultMaxBufferedBytes = 64L << 20;

    /// <summary>Where chunks spill while the database is away; null means a per-process folder under the temp directory.</summary>
    public string? SpillDirectory { get; init; }

    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>TimescaleDB only: hypertable chunk length.</summary>
    public TimeSpan ChunkTimeInterval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>TimescaleDB only: chunks older than this are compressed.</summary>
    public TimeSpan CompressAfter { get; init; } = TimeSpan.FromDays(7);

    /// <summary>TimescaleDB only: ticks older than this are dropped; null keeps them forever.</summary>
    public TimeSpan? TickRetention { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Throws with the setting's name and value when something cannot work.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString, nameof(ConnectionString));
        try
        {
            _ = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // Npgsql's text names the key or the index, not the value; redacted all the same
            throw new ArgumentException($"the PostgreSQL connection string is malformed: {SecretRedactor.Redact(ex.Message)} " +
                "(expected Host=...;Port=...;Username=...;Database=...)", nameof(ConnectionString));
        }
        if (PasswordFile is not null && !File.Exists(PasswordFile))
            throw new ArgumentException($"the PostgreSQL password file '{PasswordFile}' does not exist", nameof(PasswordFile));
        SqlIdentifier.Require(Schema, nameof(Schema));
        Positive(MaxBatchRows, nameof(MaxBatchRows));
        Positive(ChunkRows, nameof(ChunkRows));
        var chunkBytes = (long)ChunkRows * System.Runtime.CompilerServices.Unsafe.SizeOf<Sink.SinkRecord>();
        if (MaxBufferedBytes < chunkBytes)
            throw new ArgumentException($"{nameof(MaxBufferedBytes)} {MaxBufferedBytes} is below one chunk ({nameof(ChunkRows)} {ChunkRows} × 120 = {chunkBytes} bytes)", nameof(MaxBufferedBytes));
        if (FlushInterval <= TimeSpan.Zero)
            throw new ArgumentException($"{nameof(FlushInterval)} {FlushInterval} must be positive", nameof(FlushInterval));
        if (RetryInitialDelay <= TimeSpan.Zero || RetryMaxDelay < RetryInitialDelay)
            throw new ArgumentException($"retry delays {RetryInitialDelay}..{RetryMaxDelay} must be positive and ordered", nameof(RetryMaxDelay));
        if (ChunkTimeInterval < TimeSpan.FromMinutes(1) || CompressAfter <= TimeSpan.Zero || TickRetention <= TimeSpan.Zero)
            throw new ArgumentException("TimescaleDB intervals must be positive (chunk interval at least a minute)", nameof(ChunkTimeInterval));
    }

    /// <summary>The connection string with <c>Search Path</c> set to <see cref="Schema"/>, so SQL names stay unqualified.</summary>
    public string EffectiveConnectionString()
    {
        var schema = SqlIdentifier.Require(Schema, nameof(Schema));
        // public stays on the path: that is where CREATE EXTENSION puts timescaledb's functions.
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            SearchPath = schema == "public" ? schema : schema + ",public",
        };
        if (PasswordFile is not null)
            builder.Password = ReadPasswordFile(PasswordFile);
        return builder.ConnectionString;
    }

    private static string ReadPasswordFile(string path)
    {
        var password = File.ReadLines(path).FirstOrDefault()?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password))
            throw new ArgumentException($"the PostgreSQL password file '{path}' is empty; expected the password on its first line", nameof(PasswordFile));
        return password;
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
            throw new ArgumentException($"{name} {value} must be positive", name);
    }
}
