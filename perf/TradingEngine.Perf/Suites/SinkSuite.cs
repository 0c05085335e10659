using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using TradingEngine.Timescale;
using TradingEngine.Timescale.Migrations;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// The <c>sink</c> suite, against a real PostgreSQL (<c>--pg</c> or <c>TE_PG</c>), in a database it creates and drops:
/// <list type="number">
/// <item>Ticks: the TimescaleSink (feed → writer thread → 10k-row batches, one binary COPY each, watermark upsert,
/// commit) against a raw Npgsql binary COPY of the same rows into the same table with the same typed writes, in one
/// COPY and one transaction (the cheapest way PostgreSQL takes these rows). Alternated pairs, table truncated before
/// every run; bar: median ratio ≥ 0.8.</item>
/// <item>Mix: the engine's table mix (every 50th tick brings a candle and 16 other outputs) through the sink, against
/// a raw COPY per table of the same rows; rows per table reported.</item>
/// <item>Column types: raw COPY of the same ticks into the fixed-point table vs an unconstrained NUMERIC copy of it.</item>
/// </list>
/// Options: --quick, --pairs N, --ticks N, --pg CONNECTION, --out FILE.
/// </summary>
public sealed partial class SinkSuite : ISuite
{
    public string Name => "sink";

    public string Description => "TimescaleDB sink rows/s vs raw Npgsql binary COPY of the same rows (ticks, table mix, NUMERIC vs bigint)";

    public int Run(SuiteOptions options)
    {
        var quick = options.Quick;
        var pairs = (int)options.Int("--pairs", quick ? 3 : 5);
        var count = (int)options.Int("--ticks", quick ? 200_000 : 1_000_000);
        var admin = options.Value("--pg") ?? Environment.GetEnvironmentVariable("TE_PG");
        if (string.IsNullOrEmpty(admin))
        {
            Console.Error.WriteLine("sink suite: give --pg CONNECTION or set TE_PG (e.g. source tests/services.sh && te_services_start)");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        var database = "te_perf_" + Guid.NewGuid().ToString("N")[..12];
        Execute(admin, $"CREATE DATABASE {database}");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false }.ConnectionString;
            var options0 = new TimescaleOptions { ConnectionString = connectionString };
            using (var connection = Open(connectionString))
                SchemaMigrator.MigrateAsync(connection, options0, CancellationToken.None).GetAwaiter().GetResult();
            Execute(connectionString, NumericTicksTable);
            Console.WriteLine($"# sink suite ({(quick ? "quick" : "full")}): {pairs} pairs of {count:N0} ticks, database {database}, " +
                $"PostgreSQL {Scalar(connectionString, "SHOW server_version")}, {Environment.ProcessorCount} cpus, {RunEnvironment.CpuModel()}");

            var symbols = new SymbolRegistry();
            var ticks = Ticks(symbols, count);
            // warm-up: JIT and the server's caches, both paths
            RawTicks(connectionString, ticks.AsSpan(0, Math.Min(50_000, count)), "ticks");
            SinkTicks(options0, symbols, ticks.AsSpan(0, Math.Min(50_000, count)));

            var raw = new List<double>();
            var rawBatched = new List<double>();
            var sink = new List<double>();
            var ratios = new List<double>();
            for (var p = 0; p < pairs; p++)
            {
                var a = RawTicks(connectionString, ticks, "ticks");
                var b = SinkTicks(options0, symbols, ticks);
                var c = RawTicks(connectionString, ticks, "ticks", options0.MaxBatchRows);
                raw.Add(a);
                sink.Add(b);
                rawBatched.Add(c);
                ratios.Add(b / a);
                Console.WriteLine($"  pair {p + 1}: raw COPY {Rate(a)} rows/s, sink {Rate(b)} rows/s, ratio {b / a:F2}; " +
                    $"raw COPY in {options0.MaxBatchRows:N0}-row transactions {Rate(c)} rows/s");
            }

            var mix = Mix(connectionString, options0, symbols, ticks, pairs);

            var fixedRates = new List<double>();
            var numericRates = new List<double>();
            for (var p = 0; p < pairs; p++)
            {
                fixedRates.Add(RawTicks(connectionString, ticks, "ticks"));
                numericRates.Add(RawTicks(connectionString, ticks, "ticks_numeric"));
            }

            var ratio = Stats.Median(ratios);
            Console.WriteLine($"raw-copy-ticks: {Rate(Stats.Median(raw))} rows/s");
            Console.WriteLine($"sink-ticks: {Rate(Stats.Median(sink))} rows/s");
            Console.WriteLine($"ratio: {ratio.ToString("F2", CultureInfo.InvariantCulture)} (median of per-pair ratios)");
            Console.WriteLine($"raw-copy-ticks-batched-{options0.MaxBatchRows}: {Rate(Stats.Median(rawBatched))} rows/s (the cost of batching alone)");
            Console.WriteLine($"raw-copy-mix: {Rate(mix.RawMedian)} rows/s");
            Console.WriteLine($"sink-mix: {Rate(mix.SinkMedian)} rows/s, ratio {mix.RatioMedian.ToString("F2", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"mix rows per table: {string.Join(", ", mix.RowsPerTable.Select(kv => $"{kv.Key} {kv.Value:N0}"))}");
            Console.WriteLine($"ticks-bigint-raw+precision: {Rate(Stats.Median(fixedRates))} rows/s; ticks-numeric: {Rate(Stats.Median(numericRates))} rows/s " +
                $"(numeric/bigint {(Stats.Median(numericRates) / Stats.Median(fixedRates)).ToString("F2", CultureInfo.InvariantCulture)})");
            var bars = new[]
            {
                (Name: "sink >= 0.8x raw Npgsql binary COPY of the same ticks (median ratio)", Met: ratio >= 0.8, Value: ratio),
                (Name: "sink >= 0.8x raw COPY of the same table mix (median ratio)", Met: mix.RatioMedian >= 0.8, Value: mix.RatioMedian),
            };
            foreach (var bar in bars)
                Console.WriteLine($"# bar {(bar.Met ? "met   " : "MISSED")} {bar.Name}: {bar.Value.ToString("G6", CultureInfo.InvariantCulture)}");

            var path = options.ResultsPath(Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var result = new
            {
                suite = Name,
                mode = quick ? "quick" : "full",
                environment = RunEnvironment.Describe(),
                config = new
                {
                    pairs,
                    ticks = count,
                    sink = new { options0.MaxBatchRows, flushIntervalMs = options0.FlushInterval.TotalMilliseconds, options0.ChunkRows },
                    raw = "one binary COPY of all rows in one transaction, typed NpgsqlBinaryImporter.Write<T>(value, NpgsqlDbType), same columns",
                    server = Scalar(connectionString, "SHOW server_version"),
                },
                ticks = new { raw, rawBatched, sink, ratios, rawBatchedMedian = Stats.Median(rawBatched), rawMedian = Stats.Median(raw), sinkMedian = Stats.Median(sink), ratio },
                mix = new { raw = mix.Raw, sink = mix.Sink, rawMedian = mix.RawMedian, sinkMedian = mix.SinkMedian, ratio = mix.RatioMedian, rowsPerTable = mix.RowsPerTable },
                columnTypes = new { bigintRawPrecision = fixedRates, numeric = numericRates },
                bars = bars.Select(b => new { b.Name, b.Met, b.Value }).ToArray(),
                elapsedSeconds = clock.Elapsed.TotalSeconds,
            };
            Console.WriteLine($"# suite time {clock.Elapsed.TotalSeconds:F1} s");
            File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Console.WriteLine($"# results written to {path}");
            return 0;
        }
        finally
        {
            Execute(new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// <summary>Real-looking gold prints at 2 decimals, 3 ms apart, with runs of identical prints.</summary>
    private static Tick[] Ticks(SymbolRegistry symbols, int count)
    {
        var symbol = symbols.GetOrAdd("GCZ13");
        var start = UtcNanos.FromDateTime(new DateTime(2013, 10, 9, 13, 0, 0, DateTimeKind.Utc));
        var ticks = new Tick[count];
        var price = 132_040L;
        var random = new Random(9);
        for (var i = 0; i < count; i++)
        {
            if (random.Next(3) == 0)
                price += random.Next(-2, 3) * 10;
            ticks[i] = Tick.Create(symbol, start + i * 3_000_000L, new Price(price, 2), new Quantity(1 + random.Next(5), 0));
        }
        return ticks;
    }

    /// <summary>Rows/s of the sink for the ticks: from the first Add to the last commit.</summary>
    private static double SinkTicks(TimescaleOptions options, SymbolRegistry symbols, ReadOnlySpan<Tick> ticks)
    {
        Execute(options.ConnectionString, "TRUNCATE ticks, sink_offsets");
        var sink = new TimescaleSink(options, symbols);
        try
        {
            var feed = sink.OpenFeed("perf.ticks");
            sink.Start();
            sink.FlushAsync(CancellationToken.None).GetAwaiter().GetResult(); // connected and migrated before timing
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < ticks.Length; i++)
                feed.Add(ticks[i], i + 1L);
            feed.Publish(force: true);
            sink.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
            var seconds = clock.Elapsed.TotalSeconds;
            var written = sink.Statistics.RowsWritten;
            if (written != ticks.Length)
                throw new InvalidOperationException($"sink wrote {written} of {ticks.Length} rows");
            return ticks.Length / seconds;
        }
        finally
        {
            sink.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Rows/s of raw binary COPY of the ticks into <paramref name="table"/>, typed writes: one COPY in one transaction,
    /// or with <paramref name="batch"/> one COPY and one transaction per that many rows.
    /// </summary>
    private static double RawTicks(string connectionString, ReadOnlySpan<Tick> ticks, string table, int batch = int.MaxValue)
    {
        Execute(connectionString, $"TRUNCATE {table}");
        using var connection = Open(connectionString);
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < ticks.Length; start += batch)
            RawTicks(connection, ticks[start..Math.Min(ticks.Length, start + batch)], table, start);
        return ticks.Length / clock.Elapsed.TotalSeconds;
    }

    private static void RawTicks(NpgsqlConnection connection, ReadOnlySpan<Tick> ticks, string table, long firstIndex)
    {
        var numeric = table == "ticks_numeric";
        using (var transaction = connection.BeginTransaction())
        {
            using (var importer = connection.BeginBinaryImport(numeric
                       ? "COPY ticks_numeric (time, time_ns, receive_ns, symbol, price, size, bid, ask, side, flags, conditions, venue, source_seq) FROM STDIN (FORMAT BINARY)"
                       : $"COPY ticks ({RawTickColumns}) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < ticks.Length; i++)
                {
                    if (numeric)
                        WriteNumericTick(importer, in ticks[i], firstIndex + i + 1);
                    else
                        WriteTick(importer, in ticks[i], firstIndex + i + 1);
                }
                importer.Complete();
            }
            transaction.Commit();
        }
    }

    private const string RawTickColumns =
        "time, time_ns, receive_ns, symbol, price_precision, size_precision, price_raw, size_raw, bid_raw, ask_raw, side, flags, conditions, venue, source_seq";

    private static void WriteTick(NpgsqlBinaryImporter w, in Tick t, long sequence)
    {
        w.StartRow();
        w.Write(UtcNanos.ToDateTime(t.EventTime), NpgsqlTypes.NpgsqlDbType.TimestampTz);
        w.Write(t.EventTime, NpgsqlTypes.NpgsqlDbType.Bigint);
        w.Write(t.ReceiveTime, NpgsqlTypes.NpgsqlDbType.Bigint);
        w.Write("GCZ13", NpgsqlTypes.NpgsqlDbType.Text);
        w.Write((short)t.PricePrecision, NpgsqlTypes.NpgsqlDbType.Smallint);
        w.Write((short)t.SizePrecision, NpgsqlTypes.NpgsqlDbType.Smallint);
        w.Write(t.PriceRaw, NpgsqlTypes.NpgsqlDbType.Bigint);
        w.Write(t.SizeRaw, NpgsqlTypes.NpgsqlDbType.Bigint);
        w.WriteNull();
        w.WriteNull();
        w.Write((short)t.Side, NpgsqlTypes.NpgsqlDbType.Smallint);
        w.Write((short)t.Flags, NpgsqlTypes.NpgsqlDbType.Smallint);
        w.Write((long)t.Conditions, NpgsqlTypes.NpgsqlDbType.Bigint);
        w.Write((short)t.Venue, NpgsqlTypes.NpgsqlDbType.Smallint);
        w.Write(sequence, NpgsqlTypes.NpgsqlDbType.Bigint);
    }

    private static void WriteNumericTick(NpgsqlBinaryImporter w, in Tick t, long sequence)
    {
        w.StartRow();
        w.Write(UtcNanos.ToDateTime(t.EventTime), NpgsqlTypes.NpgsqlDbType.TimestampTz);
        w.Write(t.EventTime, NpgsqlTypes.NpgsqlDbType.Bigint);
        w.Write(t.ReceiveTime, NpgsqlTypes.NpgsqlDbType.Bigint);
        w.Write("GCZ13", NpgsqlTypes.NpgsqlDbType.Text);
        w.Write(t.Price.ToDecimal(), NpgsqlTypes.NpgsqlDbType.Numeric);
        w.Write(t.Size.ToDecimal(), NpgsqlTypes.NpgsqlDbType.Numeric);
        w.WriteNull();
        w.WriteNull();
        w.Write((short)t.Side, NpgsqlTypes.NpgsqlDbType.Smallint);
        w.Write((short)t.Flags, NpgsqlTypes.NpgsqlDbType.Smallint);
        w.Write((long)t.Conditions, NpgsqlTypes.NpgsqlDbType.Bigint);
        w.Write((short)t.Venue, NpgsqlTypes.NpgsqlDbType.Smallint);
        w.Write(sequence, NpgsqlTypes.NpgsqlDbType.Bigint);
    }

    /// <summary>The alternative column layout measured for docs/timescale.md: exact decimals as unconstrained NUMERIC.</summary>
    private const string NumericTicksTable = """
        CREATE TABLE ticks_numeric (
            time timestamptz NOT NULL, time_ns bigint NOT NULL, receive_ns bigint NOT NULL, symbol text NOT NULL,
            price numeric NOT NULL, size numeric NOT NULL, bid numeric, ask numeric,
            side smallint NOT NULL, flags smallint NOT NULL, conditions bigint NOT NULL, venue smallint NOT NULL, source_seq bigint NOT NULL);
        CREATE INDEX ticks_numeric_symbol_time ON ticks_numeric (symbol, time DESC)
        """;

    private static NpgsqlConnection Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = Open(connectionString);
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string Scalar(string connectionString, string sql)
    {
        using var connection = Open(connectionString);
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);
}
