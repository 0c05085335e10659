using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace TradingEngine.Journal.Format;

/// <summary>
/// The on-disk layout (docs/journal.md has the full description). All integers little-endian.
/// <code>
/// segment file  {firstSequence:D20}.tej
///   header      magic "TEJRNL\r\n" | u16 version | u16 flags | u32 headerLength | i64 createdUtcNanos
///               | i64 firstSequence | u32 frameCapacity | u32 symbolCount | { u32 id, u8 len, utf8 name }*
///               | u64 xxhash64(all header bytes before it)
///   frame*      u32 "TJFR" | u32 storedLength | u64 xxhash64(bytes 16 .. end of payload)
///               | u32 rawLength | u32 eventCount | i64 firstSequence | payload (LZ4 block, or raw when storedLength == rawLength)
/// </code>
/// </summary>
internal static class JournalFormat
{
    public const ushort Version = 1;
    public const string SegmentExtension = ".tej";
    public const int FrameHeaderBytes = 32;
    public const uint FrameMagic = 0x52464A54; // "TJFR"
    /// <summary>Hard limit on a frame's stored and raw length: a corrupt length can never make a reader allocate more.</summary>
    public const int MaxFrameBytes = 16 * 1024 * 1024;
    public const int MinFrameCapacity = 4 * 1024;
    public const int FixedHeaderBytes = 40;
    public const int MaxHeaderBytes = 4 * 1024 * 1024;

    public static ReadOnlySpan<byte> SegmentMagic => "TEJRNL\r\n"u8;

    /// <summary>
    /// The index of holes <c>te journal repair</c> recorded, one line each: <c>firstSequence lastSequence lostEvents</c>.
    /// The hole frames in the segments are the record; this file lets an opening writer know the first hole without reading them.
    /// </summary>
    public const string HolesFileName = "holes.txt";

    /// <summary>The first sequence of a recorded hole (0: none), from <see cref="HolesFileName"/>.</summary>
    public static long FirstHole(string directory)
    {
        var path = Path.Combine(directory, HolesFileName);
        if (!File.Exists(path))
            return 0;
        long first = 0;
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) || start <= 0)
                throw new InvalidDataException($"{path}:{n}: '{line}'; expected 'firstSequence lastSequence lostEvents'");
            if (first == 0 || start < first)
                first = start;
        }
        return first;
    }

    public static string SegmentFileName(long firstSequence) =>
        firstSequence.ToString("D20", CultureInfo.InvariantCulture) + SegmentExtension;

    /// <summary>The journal's segment files in sequence order (names sort by first sequence).</summary>
    public static string[] ListSegments(string directory)
    {
        if (!Directory.Exists(directory))
            return [];
        var files = Directory.GetFiles(directory, "*" + SegmentExtension)
            .Where(f => TryParseSegmentName(f, out _))
            .ToArray();
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    public static bool TryParseSegmentName(string path, out long firstSequence)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        firstSequence = 0;
        return name.Length == 20 && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out firstSequence);
    }

    public static void WriteFrameHeader(Span<byte> header, int storedLength, int rawLength, int eventCount, long firstSequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, FrameMagic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], storedLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], rawLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], eventCount);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], firstSequence);
    }

    /// <summary>The frame checksum: XxHash64 over the header from byte 16 through the end of the payload (one contiguous span).</summary>
    public static ulong FrameChecksum(ReadOnlySpan<byte> frameFrom16) => XxHash64.HashToUInt64(frameFrom16);
}
