using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;
using Microsoft.Win32.SafeHandles;

namespace TradingEngine.Journal.Format;

/// <summary>
/// Walks the frames of one segment file: reads each frame header, checks magic, lengths, checksum and
/// decompression, and leaves the raw record stream in <see cref="Raw"/>. Buffers grow to the largest frame seen
/// (never past <see cref="JournalFormat.MaxFrameBytes"/>) and are reused, so memory stays bounded. They are rented
/// from <see cref="ArrayPool{T}.Shared"/> and returned at <see cref="Dispose"/>: the next segment of a reader, and the
/// next reader of the process (the symbol scan that starts every replay, then the replay itself), take them back
/// instead of allocating them again (a frame of 1 MiB grows them by doubling to ~2 MiB each, ~5 MB allocated per reader
/// and per segment before they were pooled).
/// The first failure stops the walk with a reason; <see cref="TryResync"/> then looks for the next good frame (frames
/// are self-delimiting: a magic, a length and a checksum), which is how verify, repair and a skipping reader get past it.
/// </summary>
internal sealed class SegmentFrameReader : IDisposable
{
    private readonly SafeFileHandle _file;
    private const int InitialBufferBytes = 64 * 1024;
    private byte[] _stored = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    private byte[] _raw = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    private bool _disposed;

    public SegmentFrameReader(string path)
    {
        Path = path;
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        FileLength = RandomAccess.GetLength(_file);
        Header = SegmentHeader.TryRead(_file, FileLength, out var error);
        Error = error;
        Offset = Header?.Length ?? 0;
    }

    public string Path { get; }

    public long FileLength { get; }

    public SegmentHeader? Header { get; }

    /// <summary>Why the walk stopped early (null while all is well, and at a clean end of the file).</summary>
    public string? Error { get; private set; }

    /// <summary>File offset of the next frame (after a failure: of the bad frame, so truncating here keeps every good frame).</summary>
    public long Offset { get; private set; }

    /// <summary>0-based index of the next frame in this segment.</summary>
    public int FrameIndex { get; private set; }

    public byte[] Raw => _raw;

    public int RawLength { get; private set; }

    public int EventCount { get; private set; }

    public long FirstSequence { get; private set; }

    /// <summary>File offset of the frame last read.</summary>
    public long FrameOffset { get; private set; }

    /// <summary>After a failure: the event count the bad frame's header claims when its magic and lengths were readable, else −1.</summary>
    public int ClaimedEventCount { get; private set; } = -1;

    /// <summary>After a failure: the first sequence the bad frame's header claims when its magic and lengths were readable, else −1.</summary>
    public long ClaimedFirstSequence { get; private set; } = -1;

    /// <summary>Reads the next frame. False at the end of the file (<see cref="Error"/> null) or at a bad frame (<see cref="Error"/> says why).</summary>
    public bool TryReadFrame(bool decompress = true) => Error is null && Header is not null && ReadFrame(decompress);

    private bool ReadFrame(bool decompress)
    {
        var remaining = FileLength - Offset;
        if (remaining == 0)
            return false;
        Span<byte> header = stackalloc byte[JournalFormat.FrameHeaderBytes];
        if (remaining < JournalFormat.FrameHeaderBytes)
            return Fail($"torn frame: {remaining} bytes left at the end of the file, a frame header needs {JournalFormat.FrameHeaderBytes}");
        RandomAccess.Read(_file, header, Offset);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (magic != JournalFormat.FrameMagic)
            return Fail(magic == 0 && header.IndexOfAnyExcept((byte)0) < 0
                ? "torn frame: zero bytes where a frame header should start"
                : $"bad frame magic 0x{magic:X8}; expected 0x{JournalFormat.FrameMagic:X8} ('TJFR')");
        var stored = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var checksum = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        var raw = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
        var first = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
        ClaimedEventCount = -1;
        ClaimedFirstSequence = -1;
        if ((uint)stored > JournalFormat.MaxFrameBytes || (uint)raw > JournalFormat.MaxFrameBytes || stored > raw || count < 0)
            return Fail($"frame lengths out of range: stored {stored}, raw {raw}, events {count} (limit {JournalFormat.MaxFrameBytes} bytes)");
        ClaimedEventCount = count;
        ClaimedFirstSequence = first;
        if (remaining < JournalFormat.FrameHeaderBytes + (long)stored)
            return Fail($"torn frame: the header says {stored} payload bytes, only {remaining - JournalFormat.FrameHeaderBytes} remain in the file");
        var span = 16 + stored;
        if (_stored.Length < span)
            Grow(ref _stored, Math.Max(span, _stored.Length * 2));
        header[16..].CopyTo(_stored);
        if (RandomAccess.Read(_file, _stored.AsSpan(16, stored), Offset + JournalFormat.FrameHeaderBytes) < stored)
            return Fail("torn frame: the file ended while reading the payload");
        if (JournalFormat.FrameChecksum(_stored.AsSpan(0, span)) != checksum)
            return Fail("frame checksum mismatch (XxHash64)");
        if (decompress)
        {
            if (_raw.Length < raw)
                Grow(ref _raw, Math.Max(raw, Math.Min(_raw.Length * 2, JournalFormat.MaxFrameBytes)));
            if (stored == raw)
            {
                _stored.AsSpan(16, stored).CopyTo(_raw);
            }
            else if (LZ4Codec.Decode(_stored.AsSpan(16, stored), _raw.AsSpan(0, raw)) != raw)
            {
                return Fail($"LZ4 payload does not decode to the {raw} bytes the header says");
            }
        }
        RawLength = raw;
        FrameOffset = Offset;
        EventCount = count;
        FirstSequence = first;
        Offset += JournalFormat.FrameHeaderBytes + stored;
        FrameIndex++;
        return true;
    }

    /// <summary>Marks the frame just read as bad after all (its records did not decode): the walk stops before it.</summary>
    public void RejectLastFrame(string reason)
    {
        Offset = FrameOffset;
        FrameIndex--;
        Error = reason;
    }

    /// <summary>
    /// After a failure at <see cref="Offset"/>: scans the rest of the file for the next offset where a frame with a
    /// valid magic, lengths and checksum starts, and reads it (true: the frame is loaded as by <see cref="TryReadFrame"/>,
    /// <see cref="BadRegionStart"/> says where the skipped bytes began). False when no good frame follows: the failure
    /// stands, nothing moves. Cold path (tools and a skipping reader), it allocates its scan buffer.
    /// </summary>
    /// With a damaged header the scan starts at byte 0 (the frames are there, only the symbol table is lost).
    public bool TryResync(bool decompress = true)
    {
        if (Error is null)
            return false;
        var badOffset = Offset;
        var badIndex = FrameIndex;
        var error = Error;
        var claimedCount = ClaimedEventCount;
        var claimedFirst = ClaimedFirstSequence;
        Span<byte> magic = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(magic, JournalFormat.FrameMagic);
        var buffer = new byte[64 * 1024];
        var from = badOffset + 1;
        while (FileLength - from >= JournalFormat.FrameHeaderBytes)
        {
            var n = RandomAccess.Read(_file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, FileLength - from)), from);
            var at = 0;
            while (at <= n - 4)
            {
                var hit = buffer.AsSpan(at, n - at).IndexOf(magic);
                if (hit < 0)
                    break;
                Offset = from + at + hit;
                Error = null;
                FrameIndex = badIndex + 1;
                if (ReadFrame(decompress))
                {
                    BadRegionStart = badOffset;
                    return true;
                }
                at += hit + 1;
            }
            if (n < 4)
                break;
            from += n - 3; // a magic may straddle two reads
        }
        Offset = badOffset;
        FrameIndex = badIndex;
        Error = error;
        ClaimedEventCount = claimedCount;
        ClaimedFirstSequence = claimedFirst;
        return false;
    }

    /// <summary>After a successful <see cref="TryResync"/>: the offset of the bad bytes it skipped (they end at <see cref="FrameOffset"/>).</summary>
    public long BadRegionStart { get; private set; } = -1;

    private bool Fail(string reason)
    {
        Error = reason;
        return false;
    }

    /// <summary>Swaps <paramref name="buffer"/> for a pooled one of at least <paramref name="bytes"/> (its content is not kept: every caller refills it).</summary>
    private static void Grow(ref byte[] buffer, int bytes)
    {
        var larger = ArrayPool<byte>.Shared.Rent(bytes);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    /// <summary>Closes the file and returns the buffers to the pool (<see cref="Raw"/> must not be read after this).</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _file.Dispose();
        ArrayPool<byte>.Shared.Return(_stored);
        ArrayPool<byte>.Shared.Return(_raw);
        _stored = [];
        _raw = [];
    }
}
