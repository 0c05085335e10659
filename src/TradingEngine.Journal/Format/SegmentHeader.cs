using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TradingEngine.Journal.Format;

/// <summary>A segment file's header: format version, creation time, first sequence and the symbols known at creation.</summary>
internal sealed class SegmentHeader
{
    public required long CreatedUtcNanos { get; init; }
    public required long FirstSequence { get; init; }
    public required int FrameCapacity { get; init; }
    public required IReadOnlyList<(int Id, string Name)> Symbols { get; init; }
    /// <summary>Bytes the header takes at the start of the file; the first frame starts here.</summary>
    public int Length { get; private set; }

    public byte[] Encode()
    {
        var size = JournalFormat.FixedHeaderBytes + 8;
        foreach (var (_, name) in Symbols)
        {
            var n = Encoding.UTF8.GetByteCount(name);
            if (n > 255)
                ThrowHelper.ThrowArgument($"symbol name '{name}' is {n} UTF-8 bytes; the journal holds at most 255", nameof(Symbols));
            size += 5 + n;
        }
        var b = new byte[size];
        JournalFormat.SegmentMagic.CopyTo(b);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), JournalFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(10), 0);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(12), size);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), CreatedUtcNanos);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24), FirstSequence);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(32), FrameCapacity);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(36), Symbols.Count);
        var p = JournalFormat.FixedHeaderBytes;
        foreach (var (id, name) in Symbols)
        {
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(p), id);
            var n = Encoding.UTF8.GetBytes(name, b.AsSpan(p + 5));
            b[p + 4] = (byte)n;
            p += 5 + n;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(p), XxHash64.HashToUInt64(b.AsSpan(0, p)));
        Length = size;
        return b;
    }

    /// <summary>Reads and checks the header at the start of <paramref name="file"/>; on failure says why.</summary>
    public static SegmentHeader? TryRead(SafeFileHandle file, long fileLength, out string? error)
    {
        error = null;
        Span<byte> fixedPart = stackalloc byte[JournalFormat.FixedHeaderBytes];
        if (fileLength < JournalFormat.FixedHeaderBytes + 8 || RandomAccess.Read(file, fixedPart, 0) < fixedPart.Length)
        {
            error = $"torn segment header: the file has {fileLength} bytes, a header needs at least {JournalFormat.FixedHeaderBytes + 8}";
            return null;
        }
        if (!fixedPart[..8].SequenceEqual(JournalFormat.SegmentMagic))
        {
            error = "not a journal segment: the magic bytes are not 'TEJRNL\\r\\n'";
            return null;
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[8..]);
        if (version != JournalFormat.Version)
        {
            error = $"segment written by format {version}, this build reads {JournalFormat.Version}";
            return null;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[12..]);
        if (length < JournalFormat.FixedHeaderBytes + 8 || length > JournalFormat.MaxHeaderBytes)
        {
            error = $"segment header length {length} is outside {JournalFormat.FixedHeaderBytes + 8}..{JournalFormat.MaxHeaderBytes}";
            return null;
        }
        if (length > fileLength)
        {
            error = $"torn segment header: it says {length} bytes, the file has {fileLength}";
            return null;
        }
        var b = new byte[length];
        RandomAccess.Read(file, b, 0);
        var expected = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(length - 8));
        if (XxHash64.HashToUInt64(b.AsSpan(0, length - 8)) != expected)
        {
            error = "segment header checksum mismatch";
            return null;
        }
        var count = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(36));
        var symbols = new List<(int, string)>();
        var p = JournalFormat.FixedHeaderBytes;
        for (var i = 0; i < count; i++)
        {
            if (p + 5 > length - 8 || p + 5 + b[p + 4] > length - 8)
            {
                error = $"segment header symbol table entry {i} runs past the header";
                return null;
            }
            var id = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(p));
            var name = Encoding.UTF8.GetString(b, p + 5, b[p + 4]);
            symbols.Add((id, name));
            p += 5 + b[p + 4];
        }
        return new SegmentHeader
        {
            CreatedUtcNanos = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(16)),
            FirstSequence = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(24)),
            FrameCapacity = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(32)),
            Symbols = symbols,
            Length = length,
        };
    }
}
