using Npgsql;
using NpgsqlTypes;
using TradingEngine.Types;

namespace TradingEngine.Timescale.Queries;

/// <summary>
/// The read side: latest candles, candles rolled up into larger buckets (<c>time_bucket</c> on TimescaleDB,
/// <c>date_bin</c> on plain PostgreSQL: same buckets for sub-day sizes), indicator history and signals by strategy.
/// Every value is a parameter; results carry exact prices rebuilt from raw + precision.
/// </summary>
public sealed class TimescaleQueries
{
    private readonly string _connectionString;
    private bool? _timescale;

    public TimescaleQueries(TimescaleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _connectionString = options.EffectiveConnectionString();
    }

    /// <summary>The newest <paramref name="count"/> bars of one timeframe, oldest first.</summary>
    public async Task<IReadOnlyList<CandleRow>> LatestCandlesAsync(string symbol, Timeframe timeframe, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT * FROM (
                SELECT symbol, timeframe, time_ns, price_precision, size_precision, open_raw, high_raw, low_raw, close_raw, volume_raw, tick_count::bigint
                FROM candles WHERE symbol = $1 AND timeframe = $2
                ORDER BY time DESC LIMIT $3) newest
            ORDER BY time_ns
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = timeframe.ToString() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        return await ReadCandlesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Bars of <paramref name="source"/> in [<paramref name="fromNs"/>, <paramref name="toNs"/>) rolled up into
    /// <paramref name="bucket"/>-long buckets: first open, highest high, lowest low, last close, summed volume.
    /// </summary>
    public async Task<IReadOnlyList<CandleRow>> CandlesRolledUpAsync(string symbol, Timeframe source, TimeSpan bucket, long fromNs, long toNs,
        CancellationToken cancellationToken)
    {
        if (bucket <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "a bucket must be positive");
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var timescale = _timescale ??= await HasTimescaleAsync(connection, cancellationToken).ConfigureAwait(false);
        var bucketExpression = timescale
            ? "time_bucket($5::interval, time)"
            : "date_bin($5::interval, time, TIMESTAMPTZ '2000-01-01 00:00:00+00')";
        await using var command = new NpgsqlCommand($"""
            SELECT $1::text, $6::text, (extract(epoch FROM bucket) * 1000000)::bigint * 1000, price_precision, size_precision,
                   open_raw, high_raw, low_raw, close_raw, volume_raw, tick_count
            FROM (
                SELECT {bucketExpression} AS bucket, price_precision, size_precision,
                       (array_agg(open_raw ORDER BY time))[1]       AS open_raw,
                       max(high_raw)                                AS high_raw,
                       min(low_raw)                                 AS low_raw,
                       (array_agg(close_raw ORDER BY time DESC))[1] AS close_raw,
                       sum(volume_raw)::bigint                      AS volume_raw,
                       sum(tick_count)::bigint                      AS tick_count
                FROM candles
                WHERE symbol = $1 AND timeframe = $2 AND time >= $3 AND time < $4
                GROUP BY bucket, price_precision, size_precision) rolled
            ORDER BY bucket
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source.ToString() });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UtcNanos.ToDateTime(fromNs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UtcNanos.ToDateTime(toNs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = bucket, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = BucketLabel(bucket) });
        return await ReadCandlesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Outputs of one indicator node in [from, to), oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<IndicatorRow>> IndicatorHistoryAsync(string symbol, string node, long fromNs, long toNs, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT time_ns, symbol, timeframe, node, indicator, period, value, upper1, lower1, upper2, lower2
            FROM indicators
            WHERE symbol = $1 AND node = $2 AND time >= $3 AND time < $4
            ORDER BY time, time_ns LIMIT $5
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = node });
        AddRange(command, fromNs, toNs, limit);
        var rows = new List<IndicatorRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new IndicatorRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt16(5), reader.GetDouble(6), NullableDouble(reader, 7), NullableDouble(reader, 8),
                NullableDouble(reader, 9), NullableDouble(reader, 10)));
        }
        return rows;
    }

    /// <summary>Signals and risk rows of one strategy node in [from, to), all symbols, oldest first.</summary>
    public async Task<IReadOnlyList<SignalRow>> SignalsByStrategyAsync(string strategy, long fromNs, long toNs, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT time_ns, symbol, timeframe, strategy, type, action, side, price_precision, price_raw, stop_raw, target_raw, reason_code, triggers
            FROM strategy_signals
            WHERE strategy = $1 AND time >= $2 AND time < $3
            ORDER BY time, time_ns LIMIT $4
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = strategy });
        AddRange(command, fromNs, toNs, limit);
        var rows = new List<SignalRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var precision = reader.GetInt16(7);
            rows.Add(new SignalRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), new Price(reader.GetInt64(8), precision),
                reader.IsDBNull(9) ? null : new Price(reader.GetInt64(9), precision),
                reader.IsDBNull(10) ? null : new Price(reader.GetInt64(10), precision),
                reader.IsDBNull(11) ? null : reader.GetInt32(11),
                reader.IsDBNull(12) ? [] : reader.GetFieldValue<int[]>(12)));
        }
        return rows;
    }

    /// <summary>"1h", "15m", "30s", "1d", or whole seconds otherwise.</summary>
    public static string BucketLabel(TimeSpan bucket)
    {
        var seconds = (long)bucket.TotalSeconds;
        return seconds > 0 && seconds <= Timeframe.MaxSeconds ? new Timeframe((int)seconds).ToString() : $"{seconds}s";
    }

    private static void AddRange(NpgsqlCommand command, long fromNs, long toNs, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UtcNanos.ToDateTime(fromNs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UtcNanos.ToDateTime(toNs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
    }

    private static double? NullableDouble(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    private static async Task<IReadOnlyList<CandleRow>> ReadCandlesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<CandleRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var pp = reader.GetInt16(3);
            var sp = reader.GetInt16(4);
            rows.Add(new CandleRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2),
                new Price(reader.GetInt64(5), pp), new Price(reader.GetInt64(6), pp), new Price(reader.GetInt64(7), pp),
                new Price(reader.GetInt64(8), pp), new Quantity(reader.GetInt64(9), sp), reader.GetInt64(10)));
        }
        return rows;
    }

    /// <summary>Every (symbol, timeframe) series the candles table holds, ordered by symbol and timeframe text.</summary>
    public async Task<IReadOnlyList<(string Symbol, Timeframe Timeframe)>> CandleSeriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT DISTINCT symbol, timeframe FROM candles ORDER BY symbol, timeframe", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var series = new List<(string, Timeframe)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var text = reader.GetString(1);
            if (!Timeframe.TryParse(text, out var timeframe))
                throw new FormatException($"candles: symbol {reader.GetString(0)} has timeframe '{text}', which is not a timeframe");
            series.Add((reader.GetString(0), timeframe));
        }
        return series;
    }

    /// <summary>
    /// The newest <paramref name="count"/> candles of one series as the engine emitted them (flags, close time, tick
    /// count and receive time included), oldest first, with symbol ids from <paramref name="symbols"/>: what a
    /// dashboard opened mid-session starts from when the sink runs.
    /// </summary>
    public async Task<IReadOnlyList<Candle>> LatestCandleMessagesAsync(string symbol, Timeframe timeframe, int count, SymbolRegistry symbols, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(symbols);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT * FROM (
                SELECT time_ns, close_ns, price_precision, size_precision, open_raw, high_raw, low_raw, close_raw, volume_raw, tick_count, flags, receive_ns
                FROM candles WHERE symbol = $1 AND timeframe = $2
                ORDER BY time DESC LIMIT $3) newest
            ORDER BY time_ns
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = timeframe.ToString() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        var id = symbols.GetOrAdd(symbol);
        var candles = new List<Candle>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            candles.Add(new Candle
            {
                Symbol = id, Timeframe = timeframe, OpenTime = reader.GetInt64(0), CloseTime = reader.GetInt64(1),
                PricePrecision = (byte)reader.GetInt16(2), SizePrecision = (byte)reader.GetInt16(3), OpenRaw = reader.GetInt64(4),
                HighRaw = reader.GetInt64(5), LowRaw = reader.GetInt64(6), CloseRaw = reader.GetInt64(7), VolumeRaw = reader.GetInt64(8),
                TickCount = reader.GetInt32(9), Flags = (CandleFlags)reader.GetInt16(10), ReceiveTime = reader.GetInt64(11),
            });
        }
        return candles;
    }

    /// <summary>Every symbol the market_structure table holds.</summary>
    public async Task<IReadOnlyList<string>> StructureSymbolsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT DISTINCT symbol FROM market_structure ORDER BY symbol", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var symbols = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            symbols.Add(reader.GetString(0));
        return symbols;
    }

    /// <summary>
    /// The newest <paramref name="count"/> market-structure outputs of a symbol (swing points, fair value gaps, order
    /// blocks, liquidity levels, breaks of structure) rebuilt from their rows, oldest first, each with the node id
    /// <paramref name="nodeId"/> gives its node's name (-1 when unknown). A swing point comes back without its
    /// classification (HH/HL/LH/LL), which the table does not keep.
    /// </summary>
    /// <exception cref="FormatException">a row holds a type, direction or state this build does not know.</exception>
    public async Task<IReadOnlyList<OutputMessage>> LatestStructureMessagesAsync(string symbol, int count, SymbolRegistry symbols, Func<string, int> nodeId,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(nodeId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT * FROM (
                SELECT time_ns, timeframe, node, type, direction, state, price_precision, price_raw, price2_raw, ref_ns, count,
                       size_precision, volume_raw, source_seq
                FROM market_structure WHERE symbol = $1
                ORDER BY time DESC, time_ns DESC, source_seq DESC LIMIT $2) newest
            ORDER BY time_ns, source_seq
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = symbol });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        var id = symbols.GetOrAdd(symbol);
        var messages = new List<OutputMessage>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            messages.Add(StructureRow.Read(reader, id, nodeId));
        return messages;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static async Task<bool> HasTimescaleAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
