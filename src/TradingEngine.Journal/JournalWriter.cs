using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using K4os.Compression.LZ4;
using Microsoft.Win32.SafeHandles;
using TradingEngine.Journal.Format;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Journal;

/// <summary>
/// Appends market events to a journal directory: events are encoded into a frame buffer (<see cref="Append"/>),
/// and a frame is compressed, checksummed and written when it fills or on <see cref="Flush"/> (the journaler calls
/// it on end of batch), then synced per <see cref="JournalFsyncPolicy"/>. Journal sequences are dense from 1 and
/// continue across restarts. <see cref="Open"/> checks the last segment: a torn tail (a bad last frame with no good
/// frame after it) is cut to the last good frame, logged and reported in <see cref="RecoveredDamage"/>; damage with good
/// frames after it makes <see cref="Open"/> throw without changing a byte. New frames then go to a new segment.
/// Single writer thread; the durable sequences may be read from any thread. Steady-state appends allocate nothing.
/// </summary>
public sealed class JournalWriter : IDisposable
{
    private readonly string _directory;
    private readonly SymbolRegistry _symbols;
    private readonly JournalWriterOptions _options;
    private readonly EventEncoder _encoder;
    private readonly byte[] _frame;
    private readonly long _intervalTicks;
    private readonly FileStream _lock;
    private bool[] _defined = new bool[64];
    private SafeFileHandle? _file;
    private long _fileLength;
    private long _next;
    private long _frameFirst;
    private long _lastRing = -1;
    private long _lastSource;
    private long _written;
    private long _writtenRing = -1;
    private long _writtenSource;
    private bool _unsynced;
    private long _lastSyncTimestamp;
    private bool _disposed;

    private JournalWriter(string directory, SymbolRegistry symbols, JournalWriterOptions options, long next, JournalDamage? damage, FileStream writerLock)
    {
        _lock = writerLock;
        _directory = directory;
        _symbols = symbols;
        _options = options;
        _encoder = new EventEncoder(options.FrameBytes);
        _frame = new byte[JournalFormat.FrameHeaderBytes + LZ4Codec.MaximumOutputSize(_encoder.Buffer.Length)];
        _intervalTicks = (long)(options.FsyncInterval.TotalSeconds * Stopwatch.Frequency);
        _next = next;
        _written = next - 1;
        RecoveredDamage = damage;
        DurableSequence = new Sequence(next - 1);
        _lastSyncTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// Opens (creating if needed) the journal in <paramref name="directory"/> for appending. Symbol ids in appended
    /// events are named through <paramref name="symbols"/>.
    /// </summary>
    public static JournalWriter Open(string directory, SymbolRegistry symbols, JournalWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        options ??= new JournalWriterOptions();
        options.Validate();
        Directory.CreateDirectory(directory);
        var writerLock = Lock(directory);
        try
        {
            var (next, damage) = RecoverTail(directory, options.Log ?? Console.Error.WriteLine);
            return new JournalWriter(directory, symbols, options, next, damage, writerLock) { FirstHoleSequence = JournalFormat.FirstHole(directory) };
        }
        catch
        {
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>One writer per journal: a second one would interleave segments. The lock file is held (FileShare.None) until dispose.</summary>
    internal static FileStream Lock(string directory)
    {
        var path = Path.Combine(directory, "writer.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"journal '{directory}' is already open for writing ({path} is locked): {ex.Message}", ex);
        }
    }

    public string DirectoryPath => _directory;

    /// <summary>The torn tail <see cref="Open"/> cut off the end of the last segment (null when the tail was clean).</summary>
    public JournalDamage? RecoveredDamage { get; }

    /// <summary>The first sequence of a hole <c>te journal repair</c> recorded in this journal (0: none); snapshots covering it are marked.</summary>
    public long FirstHoleSequence { get; private init; }

    /// <summary>The journal sequence the next appended event gets.</summary>
    public long NextSequence => _next;

    /// <summary>The last journal sequence handed to the OS (written, maybe not yet synced).</summary>
    public long WrittenSequence => _written;

    /// <summary>
    /// The last journal sequence that is durable under the policy (synced; for <see cref="JournalFsyncPolicy.None"/>:
    /// written). Readable from any thread: acknowledgements upstream wait for it.
    /// </summary>
    public Sequence DurableSequence { get; }

    /// <summary>The input-ring sequence of the event at <see cref="DurableSequence"/> (−1 before any).</summary>
    public Sequence DurableRingSequence { get; } = new();

    /// <summary>
    /// The last non-zero <see cref="MarketEvent.SourceSequence"/> appended up to <see cref="DurableSequence"/> (JetStream
    /// sequence for NATS input); timers and gap events, which carry 0, leave it where it was.
    /// </summary>
    public Sequence DurableSourceSequence { get; } = new(0);

    /// <summary>
    /// Input-ring skip markers (<see cref="MarketEventKind.Skip"/>: slots of messages rejected after their slot was
    /// claimed) the journaler passed over: they take a ring slot but no journal sequence. Written by the journaler thread.
    /// </summary>
    public long SkipMarkers => Volatile.Read(ref _skipMarkers);

    private long _skipMarkers;

    /// <summary>Counts a skip marker the journaler passed over (nothing is appended).</summary>
    public void OnSkipMarker() => Volatile.Write(ref _skipMarkers, _skipMarkers + 1);

    /// <summary>Frames written so far by this writer.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Bytes written to segment files by this writer (headers and frames).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>fsync calls made by this writer.</summary>
    public long Syncs { get; private set; }

    /// <summary>Time spent in fsync, summed (<see cref="Stopwatch"/> ticks; with <see cref="Syncs"/>, the mean fsync latency).</summary>
    public long SyncTicks { get; private set; }

    /// <summary>Time spent compressing and writing frames, summed (<see cref="Stopwatch"/> ticks; with <see cref="FramesWritten"/>, the mean append latency of a frame).</summary>
    public long WriteTicks { get; private set; }

    /// <summary>Each frame's compress + write time, once <see cref="SampleLatency"/> was called (null before).</summary>
    public JournalLatencySamples? AppendLatency => Volatile.Read(ref _appendLatency);

    /// <summary>Each fsync's time, once <see cref="SampleLatency"/> was called (null before).</summary>
    public JournalLatencySamples? FsyncLatency => Volatile.Read(ref _fsyncLatency);

    private JournalLatencySamples? _appendLatency;
    private JournalLatencySamples? _fsyncLatency;

    /// <summary>
    /// From now on every frame's append time and every fsync's time is also kept as a sample (<see cref="AppendLatency"/>,
    /// <see cref="FsyncLatency"/>) for a reader off the journaler thread (the metrics endpoint's latency histograms).
    /// Any thread, once; the journaler sees the buffers at its next frame.
    /// </summary>
    public void SampleLatency(int capacity = JournalLatencySamples.DefaultCapacity)
    {
        if (_appendLatency is not null)
            return;
        Volatile.Write(ref _fsyncLatency, new JournalLatencySamples(capacity));
        Volatile.Write(ref _appendLatency, new JournalLatencySamples(capacity));
    }

    /// <summary>Encodes <paramref name="e"/> into the current frame (writing the frame first when full); returns its journal sequence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Append(in MarketEvent e, long ringSequence = -1)
    {
        if (!_encoder.HasRoomForEvent)
            WriteFrame();
        var symbol = PayloadSymbol(in e);
        if ((uint)symbol >= (uint)_defined.Length || !_defined[symbol])
            Define(symbol);
        if (_encoder.Count == 0)
            _frameFirst = _next;
        _encoder.Append(in e);
        _lastRing = ringSequence;
        if (e.SourceSequence != 0)
            _lastSource = e.SourceSequence; // timers and gap events carry no source position: the last message's stays
        return _next++;
    }

    /// <summary>Writes the frame being built (if any) and syncs per policy. The journaler calls this on end of batch.</summary>
    public void Flush()
    {
        if (_encoder.Count != 0)
            WriteFrame();
    }

    /// <summary>fsyncs whatever was written and advances the durable sequences to it.</summary>
    public void Sync()
    {
        if (_unsynced && _file is not null)
        {
            var started = Stopwatch.GetTimestamp();
            RandomAccess.FlushToDisk(_file);
            var elapsed = Stopwatch.GetTimestamp() - started;
            SyncTicks += elapsed;
            Syncs++;
            _fsyncLatency?.Record(elapsed);
        }
        _unsynced = false;
        _lastSyncTimestamp = Stopwatch.GetTimestamp();
        PublishDurable();
    }

    /// <summary>For <see cref="JournalFsyncPolicy.Interval"/>: syncs when the interval has passed since the last sync. A no-op for the other policies.</summary>
    public void SyncIfDue()
    {
        if (_options.Fsync == JournalFsyncPolicy.Interval && _unsynced
            && Stopwatch.GetTimestamp() - _lastSyncTimestamp >= _intervalTicks)
            Sync();
    }

    /// <summary>
    /// Every payload (Tick, Quote, Candle, TimerEvent, GapEvent) starts with its SymbolId, and they overlap in the slot:
    /// reading it through any of them reads the payload's symbol, with no branch on the kind.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PayloadSymbol(in MarketEvent e) => e.Tick.Symbol.Value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Define(int symbol)
    {
        if (symbol == 0)
            return; // SymbolId.None needs no name
        if (symbol < 0 || symbol > _symbols.Count)
            ThrowHelper.ThrowArgument($"symbol id {symbol} is not registered in the writer's symbol registry ({_symbols.Count} symbols); register it before journaling its events", "e");
        if (symbol >= _defined.Length)
            Array.Resize(ref _defined, Math.Max(symbol + 1, _defined.Length * 2));
        _encoder.WriteSymbolDefinition(symbol, _symbols.NameOf(new SymbolId(symbol)));
        _defined[symbol] = true;
    }

    private void WriteFrame()
    {
        if (_disposed)
            ThrowHelper.ThrowObjectDisposed(nameof(JournalWriter));
        if (_file is null)
            StartSegment();
        var started = Stopwatch.GetTimestamp();
        var raw = _encoder.Buffer.AsSpan(0, _encoder.Length);
        var payload = _frame.AsSpan(JournalFormat.FrameHeaderBytes);
        var stored = LZ4Codec.Encode(raw, payload, _options.CompressionLevel);
        if (stored <= 0 || stored >= raw.Length)
        {
            // incompressible: stored == raw length tells the reader to take the bytes as they are
            raw.CopyTo(payload);
            stored = raw.Length;
        }
        var frame = _frame.AsSpan(0, JournalFormat.FrameHeaderBytes + stored);
        JournalFormat.WriteFrameHeader(frame, stored, raw.Length, _encoder.Count, _frameFirst);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(frame[8..], JournalFormat.FrameChecksum(frame[16..]));
        RandomAccess.Write(_file!, frame, _fileLength);
        _fileLength += frame.Length;
        BytesWritten += frame.Length;
        FramesWritten++;
        var elapsed = Stopwatch.GetTimestamp() - started;
        WriteTicks += elapsed;
        _appendLatency?.Record(elapsed);
        _written = _next - 1;
        _writtenRing = _lastRing;
        _writtenSource = _lastSource;
        _unsynced = true;
        _encoder.Reset();

        switch (_options.Fsync)
        {
            case JournalFsyncPolicy.PerBatch:
                Sync();
                break;
            case JournalFsyncPolicy.Interval:
                SyncIfDue();
                break;
            default:
                PublishDurable();
                break;
        }
        if (_fileLength >= _options.SegmentBytes)
            CloseSegment();
    }

    private void PublishDurable()
    {
        DurableRingSequence.SetValue(_writtenRing);
        DurableSourceSequence.SetValue(_writtenSource);
        DurableSequence.SetValue(_written);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StartSegment()
    {
        var names = _symbols.Names;
        var symbols = new List<(int, string)>(names.Count);
        for (var i = 0; i < names.Count; i++)
            symbols.Add((i + 1, names[i]));
        var header = new SegmentHeader
        {
            CreatedUtcNanos = _options.Clock?.Invoke() ?? UtcNanos.Now(),
            FirstSequence = _frameFirst,
            FrameCapacity = _options.FrameBytes,
            Symbols = symbols,
        };
        var bytes = header.Encode();
        var path = Path.Combine(_directory, JournalFormat.SegmentFileName(_frameFirst));
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        RandomAccess.Write(_file, bytes, 0);
        _fileLength = bytes.Length;
        BytesWritten += bytes.Length;
        if (_defined.Length <= names.Count)
            Array.Resize(ref _defined, names.Count + 1);
        for (var i = 1; i <= names.Count; i++)
            _defined[i] = true;
    }

    private void CloseSegment()
    {
        if (_file is null)
            return;
        if (_unsynced && _options.Fsync != JournalFsyncPolicy.None)
            Sync();
        _file.Dispose();
        _file = null;
        // the next segment must name every symbol again: a reader may start at any segment
        Array.Clear(_defined);
    }

    /// <summary>
    /// Checks the last segment frame by frame. Only a torn tail is cut: a bad last frame (incomplete, or complete with a
    /// bad checksum) with no good frame anywhere after it, as a crash or power loss leaves it. The cut is logged. A bad
    /// frame with a good frame after it is damage in the middle of the data: nothing is changed, and opening throws <see cref="JournalDamagedException"/>.
    /// </summary>
    private static (long Next, JournalDamage? Damage) RecoverTail(string directory, Action<string> log)
    {
        var segments = JournalFormat.ListSegments(directory);
        if (segments.Length == 0)
            return (1, null);
        var path = segments[^1];
        JournalFormat.TryParseSegmentName(path, out var nameSequence);
        long next;
        string? error;
        int frame;
        long offset;
        int framesKept;
        long claimed;
        using (var reader = new SegmentFrameReader(path))
        {
            next = reader.Header?.FirstSequence ?? nameSequence;
            while (reader.TryReadFrame(decompress: false))
            {
                if (reader.FirstSequence != next)
                {
                    reader.RejectLastFrame($"frame starts at sequence {reader.FirstSequence}; expected {next}");
                    break;
                }
                next += reader.EventCount;
            }
            error = reader.Error;
            frame = reader.Header is null ? -1 : reader.FrameIndex;
            offset = reader.Offset;
            framesKept = reader.FrameIndex;
            claimed = reader.ClaimedFirstSequence == next ? reader.ClaimedEventCount : -1;
            if (error is not null && reader.TryResync(decompress: false))
                ThrowNotATail(directory, new JournalDamage(path, frame, offset, error, next - 1) { End = reader.FrameOffset },
                    reader.FrameIndex - 1, reader.FrameOffset, reader.FirstSequence);
        }
        if (error is null)
        {
            // a header with no frame (a crash right after creating the segment) holds nothing; the next segment takes its name
            if (framesKept == 0)
                File.Delete(path);
            return (next, null);
        }
        var damage = new JournalDamage(path, frame, offset, error, next - 1) { AtTail = true, LostEvents = claimed, End = new FileInfo(path).Length };
        if (framesKept == 0)
        {
            File.Delete(path);
        }
        else
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.SetLength(handle, offset);
            RandomAccess.FlushToDisk(handle);
        }
        var lost = claimed >= 0 ? $"the cut frame held {claimed} events" : "the cut frame's event count is unreadable";
        log(framesKept == 0
            ? $"journal {directory}: removed {Path.GetFileName(path)}, a torn segment with no good frame ({error}); events up to sequence {next - 1} are kept; {lost}"
            : $"journal {directory}: cut a torn tail off {Path.GetFileName(path)} at frame {frame}, byte {offset} ({error}); kept its {framesKept} good frames, events up to sequence {next - 1}; {lost}");
        return (next, damage);
    }

    [DoesNotReturn]
    private static void ThrowNotATail(string directory, JournalDamage damage, int goodFrame, long goodOffset, long goodSequence) =>
        throw new JournalDamagedException(
            $"journal {directory}: {Path.GetFileName(damage.Segment)} frame {damage.Frame} at byte {damage.Offset} is damaged ({damage.Reason}), " +
            $"but good frames follow it (frame {goodFrame} at byte {goodOffset}, sequence {goodSequence}): this is not a torn tail, so nothing was cut. " +
            $"Events up to sequence {damage.LastGoodSequence} are intact. `te journal verify {directory}` lists every bad frame; " +
            $"`te journal repair {directory}` salvages the good frames after it (keeping a backup) and records the hole.", damage);

    public void Dispose()
    {
        if (_disposed)
            return;
        try
        {
            Flush();
            if (_options.Fsync != JournalFsyncPolicy.None)
                Sync();
        }
        finally
        {
            _disposed = true;
            _file?.Dispose();
            _file = null;
            _lock.Dispose();
        }
    }
}
