using System.Collections.Concurrent;
using Npgsql;
using TradingEngine.Types;

namespace TradingEngine.Timescale.Sink;

/// <summary>
/// The TimescaleDB sink: a batcher fed with ticks and output messages plus their source watermark, independent of
/// where they come from (an output-ring consumer in the engine process, the NATS front of <c>te sink</c>, a test).
/// <list type="number">
/// <item>Construct it, <see cref="OpenFeed"/> one feed per source/producer thread, then <see cref="Start"/>.</item>
/// <item>Producers call <see cref="SinkFeed.Add(in Tick, long)"/> / <see cref="SinkFeed.Add(in OutputMessage)"/> and
/// <see cref="SinkFeed.Publish"/>; they never wait for the database.</item>
/// <item>One writer thread migrates the schema on first contact, then writes batches (by size or by age), one
/// binary COPY per table per batch, and commits, in the same transaction, the last (sequence, ordinal) of each
/// (source, symbol) in <c>sink_offsets</c>.</item>
/// <item>On any failure it rolls back, backs off, reconnects, reloads the watermark and drops from the pending batch
/// whatever the database already has (a commit whose reply was lost), then retries: nothing lost, nothing twice.</item>
/// <item>After a restart a source replays from <see cref="ReadWatermarksAsync"/> (or from anywhere earlier): records
/// at or below the watermark are skipped.</item>
/// </list>
/// </summary>
public sealed partial class TimescaleSink : IAsyncDisposable
{
    // Few: after an outage the backlog's arrays must go back to the runtime, not stay pooled (RSS returns near its start).
    private const int MaxPooledChunks = 8;
    private const int MaxPooledShells = 4_096;

    private readonly TimescaleOptions _options;
    private readonly string _connectionString;
    private readonly SymbolRegistry _symbols;
    private readonly SinkRowWriter _rows;
    private readonly List<SinkFeed> _feeds = [];
    private readonly ConcurrentQueue<SinkRecord[]> _pool = new();
    private readonly ConcurrentQueue<SinkChunk> _shells = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly ManualResetEventSlim _stopSignal = new(false);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsSpillDirectory;
    private Thread? _thread;
    private int _sleeping;
    private volatile bool _stopping;
    private volatile bool _killed;
    private volatile bool _flushRequested;
    private volatile Exception? _fatal;
    private long _bufferedBytes;
    private long _peakBufferedBytes;
    // Set when the backlog grew past TrimThreshold; the writer gives the memory back once it has drained.
    private volatile bool _trimDue;

    public TimescaleSink(TimescaleOptions options, SymbolRegistry symbols, IReadOnlyList<string>? nodeNames = null)
        : this(options, symbols, new SinkRowWriter(symbols, nodeNames ?? []))
    {
    }

    /// <summary>A sink for an engine whose symbols run different pipelines: <paramref name="nodeName"/> names node <c>n</c> of a symbol's pipeline.</summary>
    public TimescaleSink(TimescaleOptions options, SymbolRegistry symbols, Func<SymbolId, int, string?> nodeName)
        : this(options, symbols, new SinkRowWriter(symbols, nodeName))
    {
    }

    private TimescaleSink(TimescaleOptions options, SymbolRegistry symbols, SinkRowWriter rows)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(symbols);
        options.Validate();
        _options = options;
        _symbols = symbols;
        _rows = rows;
        _connectionString = new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString())
        {
            // One long-lived connection: after a server restart a pooled one would be dead on first use.
            Pooling = false,
            ApplicationName = "te-sink",
        }.ConnectionString;
        _ownsSpillDirectory = options.SpillDirectory is null;
        Spill = new SinkSpill(options.SpillDirectory
            ?? Path.Combine(Path.GetTempPath(), $"te-sink-spill-{Environment.ProcessId}-{Guid.NewGuid():N}"));
        _batch = new SinkRecord[options.MaxBatchRows];
    }

    public TimescaleOptions Options => _options;

    /// <summary>
    /// Bytes of the chunks handed over in memory and not yet taken by the writer, over every feed: what
    /// <see cref="TimescaleOptions.MaxBufferedBytes"/> bounds (a chunk counts whole, however few rows it holds).
    /// </summary>
    public long BufferedBytes => Volatile.Read(ref _bufferedBytes);

    /// <summary>The highest <see cref="BufferedBytes"/> so far.</summary>
    public long PeakBufferedBytes => Volatile.Read(ref _peakBufferedBytes);

    /// <summary>Bytes of one chunk's array: the unit of the memory budget.</summary>
    internal long ChunkBytes => (long)_options.ChunkRows * System.Runtime.CompilerServices.Unsafe.SizeOf<SinkRecord>();

    public IReadOnlyList<SinkFeed> Feeds => _feeds;

    /// <summary>Completes when the writer thread has ended (stopped, killed, or failed: then it carries the exception).</summary>
    public Task Completion => _completion.Task;

    internal SinkSpill Spill { get; }

    /// <summary>Test hook: called at <see cref="SinkFaultPoint"/>s of every batch on the writer thread.</summary>
    internal Action<SinkFaultPoint>? FaultInjector { get; set; }

    /// <summary>
    /// Opens a feed for one producer thread; <paramref name="source"/> names the watermark in <c>sink_offsets</c>
    /// (e.g. <c>journal.ticks</c>; up to 200 characters). Before <see cref="Start"/> only.
    /// </summary>
    public SinkFeed OpenFeed(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (source.Length > 200)
            throw new ArgumentException($"feed source '{source[..40]}…' is longer than 200 characters", nameof(source));
        if (_thread is not null)
            throw new InvalidOperationException("feeds are opened before the sink starts");
        if (_feeds.Any(f => f.Source == source))
            throw new ArgumentException($"feed source '{source}' is already open on this sink", nameof(source));
        if (_feeds.Count == byte.MaxValue)
            throw new InvalidOperationException($"a sink has at most {byte.MaxValue} feeds");
        var feed = new SinkFeed(this, source, (byte)_feeds.Count, _options.ChunkRows);
        _feeds.Add(feed);
        _settled = new long[_feeds.Count];
        _batchPerFeed = new int[_feeds.Count];
        return feed;
    }

    /// <summary>Starts the writer thread. Returns at once: the database may be down; the writer keeps trying.</summary>
    public void Start()
    {
        if (_thread is not null)
            throw new InvalidOperationException("the sink is already started");
        _cache = new WatermarkCache[_feeds.Count];
        for (var i = 0; i < _cache.Length; i++)
            _cache[i] = new WatermarkCache();
        _thread = new Thread(Run) { IsBackground = true, Name = "te-timescale-sink" };
        _thread.Start();
    }

    /// <summary>
    /// Waits until every record accepted so far and published (<see cref="SinkFeed.Publish"/>) is committed or
    /// skipped as already stored. Asks the writer to close its batch now rather than at the flush interval.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var targets = new long[_feeds.Count];
        for (var i = 0; i < targets.Length; i++)
            targets[i] = _feeds[i].Accepted;
        while (true)
        {
            var done = true;
            for (var i = 0; i < targets.Length; i++)
                done &= Volatile.Read(ref _settled[i]) >= targets[i];
            if (done)
                return;
            if (_completion.Task.IsCompleted)
                throw new InvalidOperationException("the sink's writer has ended before the flush completed", _fatal);
            _flushRequested = true;
            Signal();
            await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes everything published, then ends the writer. Cancelling abandons the rest (as <see cref="DisposeAsync"/>).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_thread is null)
            return;
        _stopping = true;
        Signal();
        _wake.Set();
        try
        {
            await _completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
    }

    /// <summary>Ends the writer without writing what is pending, as a crash would; the source replays it after the watermark.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_thread is not null && !_completion.Task.IsCompleted)
            Kill();
        if (_thread is not null)
            await _completion.Task.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        if (_ownsSpillDirectory)
            Spill.DeleteAll();
        _wake.Dispose();
        _stopSignal.Dispose();
    }

    public SinkStatistics Statistics
    {
        get
        {
            long accepted = 0, buffered = 0, spilledChunks = 0, spilledRows = 0, ignored = 0, outOfOrder = 0, newestAccepted = 0, firstAccepted = long.MaxValue;
            foreach (var f in _feeds)
            {
                newestAccepted = Math.Max(newestAccepted, f.NewestEventTime);
                if (f.FirstEventTime != 0)
                    firstAccepted = Math.Min(firstAccepted, f.FirstEventTime);
                accepted += f.Accepted;
                buffered += f.Buffered;
                spilledChunks += f.SpilledChunks;
                spilledRows += f.SpilledRows;
                ignored += f.Ignored;
                outOfOrder += f.OutOfOrder;
            }
            var perTable = new long[SinkTables.Count];
            for (var i = 0; i < perTable.Length; i++)
                perTable[i] = Volatile.Read(ref _rowsPerTable[i]);
            return new SinkStatistics
            {
                Accepted = accepted,
                RowsWritten = Volatile.Read(ref _rowsWritten),
                BatchesCommitted = Volatile.Read(ref _batchesCommitted),
                SkippedBelowWatermark = Volatile.Read(ref _skipped),
                Buffered = buffered,
                BufferedBytes = BufferedBytes,
                PeakBufferedBytes = PeakBufferedBytes,
                MemoryTrims = Volatile.Read(ref _trims),
                SpilledChunks = spilledChunks,
                SpilledRows = spilledRows,
                Ignored = ignored,
                OutOfOrder = outOfOrder,
                FailedAttempts = Volatile.Read(ref _failedAttempts),
                LastError = _lastError,
                Connected = _connected,
                TimescaleDb = _timescale,
                RowsPerTable = perTable,
                NewestAcceptedEventTime = newestAccepted,
                FirstAcceptedEventTime = firstAccepted == long.MaxValue ? 0 : firstAccepted,
                NewestCommittedEventTime = Volatile.Read(ref _settledNewestEventTime),
            };
        }
    }

    /// <summary>The committed watermark of every symbol of <paramref name="source"/>: where a replay of that source may start.</summary>
    public static async Task<IReadOnlyDictionary<string, SinkPosition>> ReadWatermarksAsync(TimescaleOptions options, string source,
        CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.EffectiveConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT symbol, seq, ordinal FROM sink_offsets WHERE source = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source });
        var result = new Dictionary<string, SinkPosition>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            result[reader.GetString(0)] = new SinkPosition(reader.GetInt64(1), reader.GetInt32(2));
        return result;
    }

    internal SinkRecord[] RentChunk() =>
        _pool.TryDequeue(out var chunk) ? chunk : new SinkRecord[_options.ChunkRows];

    private void ReturnChunk(SinkRecord[] chunk)
    {
        if (_pool.Count < MaxPooledChunks)
            _pool.Enqueue(chunk);
    }

    /// <summary>Counts one more chunk against the memory budget; false (nothing counted) when it would not fit: spill it.</summary>
    internal bool TryReserveChunk()
    {
        var size = ChunkBytes;
        var now = Interlocked.Add(ref _bufferedBytes, size);
        if (now > _options.MaxBufferedBytes)
        {
            Interlocked.Add(ref _bufferedBytes, -size);
            return false;
        }
        if (now >= TrimThreshold)
            _trimDue = true;
        var peak = Volatile.Read(ref _peakBufferedBytes);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakBufferedBytes, now, peak);
            if (seen == peak)
                break;
            peak = seen;
        }
        return true;
    }

    /// <summary>A backlog this large (an outage, a slow database) is handed back to the OS once written: 16 MiB.</summary>
    internal const long TrimThreshold = 16L << 20;

    private void ReleaseChunk() => Interlocked.Add(ref _bufferedBytes, -ChunkBytes);

    /// <summary>A chunk descriptor for a hand-over, reused so that a ring batch's Publish allocates nothing.</summary>
    internal SinkChunk RentShell() => _shells.TryDequeue(out var shell) ? shell : new SinkChunk();

    private void ReturnShell(SinkChunk shell)
    {
        shell.Records = null;
        shell.SpillPath = null;
        shell.Count = 0;
        shell.Read = 0;
        shell.FromSpill = false;
        if (_shells.Count < MaxPooledShells)
            _shells.Enqueue(shell);
    }

    /// <summary>Wakes the writer if it sleeps; called by producers after handing over a chunk.</summary>
    internal void Signal()
    {
        if (Volatile.Read(ref _sleeping) == 1)
            _wake.Set();
    }

    /// <summary>Stops the writer where it is (test fault injection and abandoning disposal).</summary>
    internal void Kill()
    {
        _killed = true;
        _stopSignal.Set();
        _wake.Set();
    }
}
