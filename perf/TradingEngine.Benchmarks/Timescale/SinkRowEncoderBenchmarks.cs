using BenchmarkDotNet.Attributes;
using Npgsql;
using NpgsqlTypes;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.Timescale;

/// <summary>
/// The COPY row encoder of the TimescaleSink (<see cref="SinkRowWriter"/>, tick rows) against the two ways of writing
/// the same rows by hand with Npgsql: typed <c>Write&lt;T&gt;(value, NpgsqlDbType)</c> calls (the floor) and
/// <c>WriteRow(object[])</c> (the naive baseline, which boxes every value). Npgsql's binary importer exists only on a
/// live connection, so each operation is a real binary COPY of <see cref="Rows"/> rows into a temp table emptied at
/// commit: the server's side of the COPY is in every figure alike, and the differences are the encoders'.
/// Needs PostgreSQL: <c>TE_PG</c> (e.g. <c>source tests/services.sh &amp;&amp; te_services_start</c>). Run:
/// <c>dotnet run -c Release --project perf/TradingEngine.Benchmarks -- --filter '*SinkRowEncoder*' --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class SinkRowEncoderBenchmarks
{
    private const int Rows = 10_000;
    private const string Table = "bench_ticks";

    private NpgsqlConnection _connection = null!;
    private SymbolRegistry _symbols = null!;
    private SinkRowWriter _writer = null!;
    private SinkRecord[] _records = [];

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = Environment.GetEnvironmentVariable("TE_PG");
        if (string.IsNullOrEmpty(connectionString))
            throw new InvalidOperationException("SinkRowEncoderBenchmarks needs PostgreSQL: set TE_PG (source tests/services.sh && te_services_start exports it)");
        _connection = new NpgsqlConnection(connectionString);
        _connection.Open();
        using (var create = new NpgsqlCommand(
            $"CREATE TEMP TABLE {Table} (time timestamptz NOT NULL, time_ns bigint NOT NULL, receive_ns bigint NOT NULL, symbol text NOT NULL, " +
            "price_precision smallint NOT NULL, size_precision smallint NOT NULL, price_raw bigint NOT NULL, size_raw bigint NOT NULL, bid_raw bigint, ask_raw bigint, " +
            "side smallint NOT NULL, flags smallint NOT NULL, conditions bigint NOT NULL, venue smallint NOT NULL, source_seq bigint NOT NULL) ON COMMIT DELETE ROWS",
            _connection))
        {
            create.ExecuteNonQuery();
        }
        _symbols = new SymbolRegistry();
        var symbol = _symbols.GetOrAdd("ES");
        _writer = new SinkRowWriter(_symbols, []);
        _records = new SinkRecord[Rows];
        var random = new Random(5);
        var time = UtcNanos.FromDateTime(new DateTime(2024, 3, 4, 14, 30, 0, DateTimeKind.Utc));
        long price = 512_000;
        for (var i = 0; i < Rows; i++)
        {
            time += random.Next(1, 40_000_000);
            price += (random.Next(5) - 2) * 25;
            var tick = Tick.Create(symbol, time, new Price(price, 2), new Quantity(random.Next(1, 10), 0), time + 150_000);
            tick.SetQuote(new Price(price - 25, 2), new Price(price, 2));
            tick.Side = (AggressorSide)random.Next(3);
            tick.Venue = 'X';
            _records[i] = new SinkRecord { Sequence = i + 1, Table = SinkTable.Ticks, Tick = tick };
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _connection.Dispose();

    [Benchmark(OperationsPerInvoke = Rows, Description = "SinkRowWriter (the sink's encoder)")]
    public ulong SinkEncoder()
    {
        using var transaction = _connection.BeginTransaction();
        ulong written;
        using (var importer = _connection.BeginBinaryImport(Copy))
        {
            for (var i = 0; i < _records.Length; i++)
                _writer.Write(importer, ref _records[i], 0);
            written = importer.Complete();
        }
        transaction.Commit();
        return written;
    }

    [Benchmark(OperationsPerInvoke = Rows, Description = "hand-written typed Write<T>")]
    public ulong TypedWrites()
    {
        using var transaction = _connection.BeginTransaction();
        ulong written;
        using (var importer = _connection.BeginBinaryImport(Copy))
        {
            for (var i = 0; i < _records.Length; i++)
            {
                ref readonly var r = ref _records[i];
                ref readonly var t = ref r.Tick;
                importer.StartRow();
                importer.Write(UtcNanos.ToDateTime(t.EventTime), NpgsqlDbType.TimestampTz);
                importer.Write(t.EventTime, NpgsqlDbType.Bigint);
                importer.Write(t.ReceiveTime, NpgsqlDbType.Bigint);
                importer.Write("ES", NpgsqlDbType.Text);
                importer.Write((short)t.PricePrecision, NpgsqlDbType.Smallint);
                importer.Write((short)t.SizePrecision, NpgsqlDbType.Smallint);
                importer.Write(t.PriceRaw, NpgsqlDbType.Bigint);
                importer.Write(t.SizeRaw, NpgsqlDbType.Bigint);
                importer.Write(t.BidRaw, NpgsqlDbType.Bigint);
                importer.Write(t.AskRaw, NpgsqlDbType.Bigint);
                importer.Write((short)t.Side, NpgsqlDbType.Smallint);
                importer.Write((short)t.Flags, NpgsqlDbType.Smallint);
                importer.Write((long)t.Conditions, NpgsqlDbType.Bigint);
                importer.Write((short)t.Venue, NpgsqlDbType.Smallint);
                importer.Write(r.Sequence, NpgsqlDbType.Bigint);
            }
            written = importer.Complete();
        }
        transaction.Commit();
        return written;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows, Description = "naive WriteRow(object[]) (boxes)")]
    public ulong BoxedRows()
    {
        using var transaction = _connection.BeginTransaction();
        ulong written;
        using (var importer = _connection.BeginBinaryImport(Copy))
        {
            for (var i = 0; i < _records.Length; i++)
            {
                ref readonly var r = ref _records[i];
                ref readonly var t = ref r.Tick;
                importer.WriteRow(UtcNanos.ToDateTime(t.EventTime), t.EventTime, t.ReceiveTime, "ES", (short)t.PricePrecision, (short)t.SizePrecision,
                    t.PriceRaw, t.SizeRaw, t.BidRaw, t.AskRaw, (short)t.Side, (short)t.Flags, (long)t.Conditions, (short)t.Venue, r.Sequence);
            }
            written = importer.Complete();
        }
        transaction.Commit();
        return written;
    }

    private static string Copy => $"COPY {Table} ({TradingEngine.Timescale.Schema.SinkSchema.Ticks.ColumnList}) FROM STDIN (FORMAT BINARY)";
}
