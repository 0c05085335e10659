using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using TradingEngine.Types;

namespace TradingEngine.Timescale.Sink;

/// <summary>
/// One source's way into a <see cref="TimescaleSink"/>: a single producer thread (an output-ring consumer, the
/// tick journaler's consumer, or the NATS front of <c>te sink</c>) adds records with their source sequence; the
/// sink's writer thread takes them in order. Adding never waits for the database: records fill a chunk, chunks are
/// handed over, and a chunk that would take the sink past <see cref="TimescaleOptions.MaxBufferedBytes"/> spills to disk.
/// <para>The watermark is kept per (<see cref="Source"/>, symbol). Sequences of a symbol must not go down; records
/// of one sequence are numbered in arrival order (<see cref="SinkPosition.Ordinal"/>).</para>
/// </summary>
public sealed class SinkFeed
{
    private readonly TimescaleSink _sink;
    private readonly ConcurrentQueue<SinkChunk> _ready = new();
    private readonly int _chunkRows;
    private SinkRecord[] _current;
    private int _count;
    private long[] _lastSequence = [];
    private int[] _ordinal = [];
    // Counters read by other threads; written by the producer (accepted, buffered up) and the writer (buffered down).
    private long _accepted;
    private long _buffered;
    private long _spilledChunks;
    private long _spilledRows;
    private long _ignored;
    private long _outOfOrder;
    private long _newestEventTime;
    private long _firstEventTime;

    internal SinkFeed(TimescaleSink sink, string source, byte index, int chunkRows)
    {
        _sink = sink;
        Source = source;
        Index = index;
        _chunkRows = chunkRows;
        _current = sink.RentChunk();
    }

    /// <summary>The watermark's source name in <c>sink_offsets</c> (e.g. <c>journal.ticks</c>, <c>js.OUTPUTS</c>).</summary>
    public string Source { get; }

    internal byte Index { get; }

    internal ConcurrentQueue<SinkChunk> Ready => _ready;

    /// <summary>Records accepted so far (a flush waits until the writer has settled this many).</summary>
    public long Accepted => Volatile.Read(ref _accepted);

    /// <summary>Records in memory between this feed and the writer (the bytes they hold: <see cref="TimescaleSink.BufferedBytes"/>).</summary>
    public long Buffered => Volatile.Read(ref _buffered);

    public long SpilledChunks => Volatile.Read(ref _spilledChunks);

    public long SpilledRows => Volatile.Read(ref _spilledRows);

    /// <summary>Kinds the sink does not store (quotes, timers, gaps): dropped on purpose, counted.</summary>
    public long Ignored => Volatile.Read(ref _ignored);

    /// <summary>The newest event time (UTC nanoseconds) of the records accepted so far; 0 before any.</summary>
    public long NewestEventTime => Volatile.Read(ref _newestEventTime);

    /// <summary>The event time (UTC nanoseconds) of the first record accepted; 0 before any.</summary>
    public long FirstEventTime => Volatile.Read(ref _firstEventTime);

    /// <summary>Records whose sequence went below the symbol's last one (a redelivery): dropped, counted.</summary>
    public long OutOfOrder => Volatile.Read(ref _outOfOrder);

    /// <summary>Adds a trade print with the source sequence of its input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in Tick tick, long sequence)
    {
        if (!Stamp(tick.Symbol, sequence, out var ordinal))
            return;
        ref var slot = ref _current[_count];
        slot.Sequence = sequence;
        slot.Ordinal = ordinal;
        slot.Table = SinkTable.Ticks;
        slot.Feed = Index;
        slot.Tick = tick;
        Advance(tick.EventTime);
    }

    /// <summary>Adds an output message; its <see cref="OutputMessage.SourceSequence"/> is the watermark.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in OutputMessage message) => Add(message, message.SourceSequence);

    /// <summary>Adds an output message under an explicit source sequence (e.g. the JetStream stream sequence).</summary>
    public void Add(in OutputMessage message, long sequence)
    {
        if (!SinkTables.TryRoute(in message, out var table) || table == SinkTable.Ticks)
        {
            _ignored++;
            return;
        }
        if (!Stamp(message.Symbol, sequence, out var ordinal))
            return;
        ref var slot = ref _current[_count];
        slot.Sequence = sequence;
        slot.Ordinal = ordinal;
        slot.Table = table;
        slot.Feed = Index;
        slot.Output = message;
        Advance(message.EventTime);
    }

    /// <summary>
    /// Hands the partly filled chunk to the writer, so a quiet source is written within the flush interval.
    /// Call it at the end of each batch you consume (a ring handler's <c>endOfBatch</c>), now and then while the
    /// source is idle (a blocking wait's timeout), and with <paramref name="force"/> when the source ends or before
    /// <see cref="TimescaleSink.FlushAsync"/>. A partial chunk is handed over only when the writer has taken
    /// everything before it: while it is behind (a busy feed, a database outage) the chunk keeps filling, so the
    /// memory held is full chunks and one partial chunk per feed at most, never a whole chunk per small ring batch.
    /// </summary>
    public void Publish(bool force = false)
    {
        if (_count == 0)
            return;
        if (!force && !_ready.IsEmpty)
            return;
        HandOver();
    }

    /// <summary>The ordinal of the next record of <paramref name="symbol"/> at <paramref name="sequence"/>; false when it went backwards.</summary>
    private bool Stamp(SymbolId symbol, long sequence, out int ordinal)
    {
        var id = symbol.Value;
        if ((uint)id >= (uint)_lastSequence.Length)
            Grow(id);
        var last = _lastSequence[id];
        if (sequence == last)
        {
            ordinal = ++_ordinal[id];
            return true;
        }
        if (sequence > last)
        {
            _lastSequence[id] = sequence;
            _ordinal[id] = ordinal = 0;
            return true;
        }
        _outOfOrder++;
        ordinal = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Advance(long eventTime)
    {
        if (eventTime > _newestEventTime)
        {
            if (_firstEventTime == 0)
                Volatile.Write(ref _firstEventTime, eventTime);
            Volatile.Write(ref _newestEventTime, eventTime);
        }
        Volatile.Write(ref _accepted, _accepted + 1);
        if (++_count == _chunkRows)
            HandOver();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HandOver()
    {
        var chunk = _sink.RentShell();
        chunk.Count = _count;
        if (!_sink.TryReserveChunk())
        {
            chunk.SpillPath = _sink.Spill.Write(_current.AsSpan(0, _count));
            chunk.FromSpill = true;
            Interlocked.Increment(ref _spilledChunks);
            Interlocked.Add(ref _spilledRows, _count);
            // the array is reused at once: its rows are on disk
        }
        else
        {
            chunk.Records = _current;
            Interlocked.Add(ref _buffered, _count);
            _current = _sink.RentChunk();
        }
        _count = 0;
        _ready.Enqueue(chunk);
        _sink.Signal();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int id)
    {
        var size = Math.Max(16, Math.Max(id + 1, _lastSequence.Length * 2));
        var old = _lastSequence.Length;
        Array.Resize(ref _lastSequence, size);
        Array.Resize(ref _ordinal, size);
        _lastSequence.AsSpan(old).Fill(long.MinValue);
    }

    /// <summary>Called by the writer when it has taken <paramref name="rows"/> in-memory rows off this feed.</summary>
    internal void Released(int rows) => Interlocked.Add(ref _buffered, -rows);
}
