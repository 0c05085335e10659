using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using TradingEngine.Timescale.Migrations;

namespace TradingEngine.Timescale.Sink;

// The writer thread: everything below runs on it alone, except the counters, which others read.
public sealed partial class TimescaleSink
{
    private readonly SinkRecord[] _batch;
    private readonly int[] _tableCounts = new int[SinkTables.Count];
    private readonly long[] _rowsPerTable = new long[SinkTables.Count];
    private readonly Dictionary<(int Feed, string Symbol), SinkPosition> _committed = [];
    private readonly Dictionary<(int Feed, int Symbol), SinkPosition> _batchHigh = [];
    private readonly List<string> _spilledInBatch = [];
    private int[] _batchPerFeed = [];
    private long[] _settled = [];
    private WatermarkCache[] _cache = [];
    private int _batchCount;
    private long _batchStarted;
    private NpgsqlConnection? _connection;
    private bool _migrated;
    private long _rowsWritten;
    private long _batchesCommitted;
    private long _skipped;
    private long _failedAttempts;
    private long _trims;
    private long _batchNewestEventTime;
    private long _settledNewestEventTime;
    private volatile string? _lastError;
    private volatile bool _connected;
    private volatile bool _timescale;

    private void Run()
    {
        var delay = _options.RetryInitialDelay;
        var nextConnect = 0L;
        try
        {
            while (!_killed)
            {
                // Connect (and migrate) early so the watermark is known before rows arrive, but not in a tight loop.
                if (_connection is null && Stopwatch.GetTimestamp() >= nextConnect && !TryConnect())
                {
                    nextConnect = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
                    delay = Grow(delay);
                }
                Fill();
                if (_killed)
                    break;
                var due = _batchCount > 0 && (_batchCount >= _batch.Length || _stopping || _flushRequested
                    || Stopwatch.GetElapsedTime(_batchStarted) >= _options.FlushInterval);
                if (due)
                {
                    if (Flush())
                    {
                        delay = _options.RetryInitialDelay;
                        nextConnect = 0;
                        continue;
                    }
                    _stopSignal.Wait(delay);
                    delay = Grow(delay);
                    continue;
                }
                if (_batchCount == 0)
                {
                    DeleteSettledSpills(); // their rows were all below the watermark
                    if (_trimDue && !AnyReady())
                        Trim();
                    _flushRequested = false;
                    if (_stopping && !AnyReady())
                        break;
                }
                var timeout = _batchCount > 0
                    ? _options.FlushInterval - Stopwatch.GetElapsedTime(_batchStarted)
                    : _connection is null ? delay : _options.FlushInterval;
                if (timeout < TimeSpan.Zero)
                    timeout = TimeSpan.Zero;
                Interlocked.Exchange(ref _sleeping, 1);
                if (!AnyReady() && !_stopping && !_flushRequested)
                    _wake.Wait(timeout);
                Interlocked.Exchange(ref _sleeping, 0);
                _wake.Reset();
            }
            _completion.TrySetResult();
        }
        catch (SinkKilledException)
        {
            _completion.TrySetResult();
        }
        catch (Exception ex)
        {
            _fatal = ex;
            _completion.TrySetException(ex);
        }
        finally
        {
            DropConnection();
        }
    }

    /// <summary>
    /// The backlog of an outage is written: its chunk arrays are garbage now, but the runtime would keep the pages
    /// (RSS stays at the outage's peak). One aggressive, compacting collection gives them back to the OS. It pauses
    /// every managed thread (tens of milliseconds), once per backlog past <see cref="TrimThreshold"/>, never in steady state.
    /// </summary>
    private void Trim()
    {
        _trimDue = false;
        Interlocked.Increment(ref _trims);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private TimeSpan Grow(TimeSpan delay)
    {
        var next = delay * 2;
        return next > _options.RetryMaxDelay ? _options.RetryMaxDelay : next;
    }

    private bool AnyReady()
    {
        foreach (var feed in _feeds)
            if (!feed.Ready.IsEmpty)
                return true;
        return false;
    }

    /// <summary>Moves published records into the batch, dropping those at or below the committed watermark.</summary>
    private void Fill()
    {
        foreach (var feed in _feeds)
        {
            var cache = _cache[feed.Index];
            while (_batchCount < _batch.Length && feed.Ready.TryPeek(out var chunk))
            {
                if (chunk.Records is null)
                {
                    var records = RentChunk();
                    chunk.Count = SinkSpill.Read(chunk.SpillPath!, records);
                    chunk.Records = records;
                }
                var take = Math.Min(chunk.Count - chunk.Read, _batch.Length - _batchCount);
                var source = chunk.Records.AsSpan(chunk.Read, take);
                long skipped = 0;
                for (var i = 0; i < source.Length; i++)
                {
                    ref var record = ref source[i];
                    if (record.Position <= Committed(cache, feed.Index, record.Symbol.Value))
                    {
                        skipped++;
                        Settled(record.EventTime);
                        continue;
                    }
                    if (record.EventTime > _batchNewestEventTime)
                        _batchNewestEventTime = record.EventTime;
                    if (_batchCount == 0)
                        _batchStarted = Stopwatch.GetTimestamp();
                    _batch[_batchCount++] = record;
                    _tableCounts[(int)record.Table]++;
                    _batchPerFeed[feed.Index]++;
                }
                chunk.Read += take;
                if (skipped > 0)
                    Skipped(feed.Index, skipped);
                if (chunk.Read == chunk.Count)
                {
                    feed.Ready.TryDequeue(out _);
                    if (chunk.FromSpill)
                        _spilledInBatch.Add(chunk.SpillPath!); // deleted once its rows are committed
                    else
                    {
                        feed.Released(chunk.Count);
                        ReleaseChunk();
                    }
                    ReturnChunk(chunk.Records);
                    ReturnShell(chunk);
                }
            }
        }
    }

    private void Skipped(int feed, long count)
    {
        Interlocked.Add(ref _skipped, count);
        Interlocked.Add(ref _settled[feed], count);
    }

    /// <summary>Rows up to <paramref name="eventTime"/> are committed or known to be stored: the newest such time is what the watermark lag is measured to.</summary>
    private void Settled(long eventTime)
    {
        if (eventTime > _settledNewestEventTime)
            Volatile.Write(ref _settledNewestEventTime, eventTime);
    }

    private SinkPosition Committed(WatermarkCache cache, int feed, int symbol)
    {
        if (cache.TryGet(symbol, out var position))
            return position;
        if (!_committed.TryGetValue((feed, _symbols.NameOf(new Types.SymbolId(symbol))), out position))
            position = SinkPosition.None;
        cache.Set(symbol, position);
        return position;
    }

    private bool TryConnect()
    {
        try
        {
            EnsureConnected();
            return true;
        }
        catch (Exception ex) when (ex is not SinkKilledException)
        {
            Failed(ex);
            return false;
        }
    }

    private void EnsureConnected()
    {
        if (_connection is not null)
            return;
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
            if (!_migrated)
            {
                var result = SchemaMigrator.MigrateAsync(connection, _options, CancellationToken.None).GetAwaiter().GetResult();
                _timescale = result.TimescaleDb;
                _migrated = true;
            }
            Execute(connection, SinkRowWriter.CreateCandleStage);
            LoadWatermarks(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        _connection = connection;
        _connected = true;
    }

    /// <summary>Reloads the committed watermarks and drops from the pending batch what the database already holds.</summary>
    private void LoadWatermarks(NpgsqlConnection connection)
    {
        _committed.Clear();
        foreach (var cache in _cache)
            cache.Clear();
        using (var command = new NpgsqlCommand("SELECT source, symbol, seq, ordinal FROM sink_offsets WHERE source = ANY($1)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = _feeds.Select(f => f.Source).ToArray() });
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var feed = _feeds.First(f => f.Source == reader.GetString(0)).Index;
                _committed[(feed, reader.GetString(1))] = new SinkPosition(reader.GetInt64(2), reader.GetInt32(3));
            }
        }
        var kept = 0;
        Array.Clear(_tableCounts);
        var perFeed = new long[_feeds.Count];
        for (var i = 0; i < _batchCount; i++)
        {
            ref var record = ref _batch[i];
            if (record.Position <= Committed(_cache[record.Feed], record.Feed, record.Symbol.Value))
            {
                perFeed[record.Feed]++;
                _batchPerFeed[record.Feed]--;
                continue;
            }
            _tableCounts[(int)record.Table]++;
            _batch[kept++] = record;
        }
        _batchCount = kept;
        if (kept == 0)
        {
            Settled(_batchNewestEventTime); // the database had the whole batch already (a commit whose reply was lost)
            _batchNewestEventTime = 0;
        }
        for (var f = 0; f < perFeed.Length; f++)
            if (perFeed[f] > 0)
                Skipped(f, perFeed[f]);
    }

    /// <summary>One transaction: a COPY per table with rows, the candle merge, the watermarks, the commit.</summary>
    private bool Flush()
    {
        try
        {
            EnsureConnected();
            if (_batchCount == 0)
                return true;
            var connection = _connection!;
            using (var transaction = connection.BeginTransaction())
            {
                for (var t = 0; t < SinkTables.Count; t++)
                {
                    if (_tableCounts[t] > 0)
                        Copy(connection, (SinkTable)t);
                }
                if (_tableCounts[(int)SinkTable.Candles] > 0)
                    Execute(connection, SinkRowWriter.MergeCandleStage);
                WriteWatermarks(connection);
                FaultInjector?.Invoke(SinkFaultPoint.BeforeCommit);
                transaction.Commit();
            }
            FaultInjector?.Invoke(SinkFaultPoint.AfterCommit);
            Committed();
            return true;
        }
        catch (Exception ex) when (ex is not SinkKilledException)
        {
            Failed(ex);
            return false;
        }
    }

    private void Copy(NpgsqlConnection connection, SinkTable table)
    {
        using var importer = connection.BeginBinaryImport(SinkRowWriter.CopyCommand(table));
        long ordinal = 0;
        for (var i = 0; i < _batchCount; i++)
        {
            ref var record = ref _batch[i];
            if (record.Table == table)
                _rows.Write(importer, ref record, ordinal++);
        }
        importer.Complete();
    }

    private void WriteWatermarks(NpgsqlConnection connection)
    {
        _batchHigh.Clear();
        for (var i = 0; i < _batchCount; i++)
        {
            ref var record = ref _batch[i];
            _batchHigh[(record.Feed, record.Symbol.Value)] = record.Position; // in order: the last one is the highest
        }
        var sources = new string[_batchHigh.Count];
        var symbols = new string[_batchHigh.Count];
        var sequences = new long[_batchHigh.Count];
        var ordinals = new int[_batchHigh.Count];
        var n = 0;
        foreach (var ((feed, symbol), position) in _batchHigh)
        {
            sources[n] = _feeds[feed].Source;
            symbols[n] = _symbols.NameOf(new Types.SymbolId(symbol));
            sequences[n] = position.Sequence;
            ordinals[n] = position.Ordinal;
            n++;
        }
        using var command = new NpgsqlCommand("""
            INSERT INTO sink_offsets (source, symbol, seq, ordinal)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::integer[])
            ON CONFLICT (source, symbol) DO UPDATE SET seq = EXCLUDED.seq, ordinal = EXCLUDED.ordinal, updated_at = now()
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = sources, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = symbols, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = sequences, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = ordinals, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.ExecuteNonQuery();
    }

    /// <summary>The batch is durable: advance the in-memory watermark and the counters, empty the batch.</summary>
    private void Committed()
    {
        foreach (var ((feed, symbol), position) in _batchHigh)
        {
            _committed[(feed, _symbols.NameOf(new Types.SymbolId(symbol)))] = position;
            _cache[feed].Set(symbol, position);
        }
        for (var t = 0; t < SinkTables.Count; t++)
        {
            Interlocked.Add(ref _rowsPerTable[t], _tableCounts[t]);
            _tableCounts[t] = 0;
        }
        for (var f = 0; f < _batchPerFeed.Length; f++)
        {
            Interlocked.Add(ref _settled[f], _batchPerFeed[f]);
            _batchPerFeed[f] = 0;
        }
        Interlocked.Add(ref _rowsWritten, _batchCount);
        Interlocked.Increment(ref _batchesCommitted);
        Settled(_batchNewestEventTime);
        _batchNewestEventTime = 0;
        _batchCount = 0;
        DeleteSettledSpills();
    }

    /// <summary>Spill files whose every row is now committed or was skipped as stored: they hold nothing needed.</summary>
    private void DeleteSettledSpills()
    {
        foreach (var path in _spilledInBatch)
            SinkSpill.Delete(path);
        _spilledInBatch.Clear();
    }

    private void Failed(Exception ex)
    {
        Interlocked.Increment(ref _failedAttempts);
        _lastError = $"{ex.GetType().Name}: {ex.Message}";
        DropConnection();
    }

    private void DropConnection()
    {
        _connected = false;
        var connection = _connection;
        _connection = null;
        if (connection is null)
            return;
        try
        {
            connection.Dispose();
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
        {
            // A connection broken by the server going away may fail to close cleanly; it is gone either way.
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
