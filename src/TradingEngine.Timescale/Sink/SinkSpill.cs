using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingEngine.Timescale.Sink;

/// <summary>
/// Chunks that do not fit the memory budget go to disk, one file per chunk, and come back in the order they left.
/// A file is a 32-byte header — <c>TESPILL1</c>, format version (int32), record size (int32), record count (int32),
/// reserved (int32), XxHash64 of the record bytes (uint64), little-endian — followed by the raw records. Reading
/// checks every field and the checksum and names the file and the byte offset of whatever does not match. The
/// writer deletes a file once every row it held is committed (or skipped as already stored).
/// <para>This is memory relief during an outage, not durability: a process that ends with rows uncommitted (in
/// memory or spilled) leaves them out of PostgreSQL; the journal still has them (docs/timescale.md).</para>
/// </summary>
internal sealed class SinkSpill
{
    public const int FormatVersion = 1;
    public const int HeaderBytes = 32;
    private const ulong Magic = 0x314C4C4950534554; // "TESPILL1" little-endian
    private readonly string _directory;
    private long _next;

    public SinkSpill(string directory)
    {
        _directory = directory;
    }

    public string Directory => _directory;

    public string Write(ReadOnlySpan<SinkRecord> records)
    {
        System.IO.Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, $"chunk-{Interlocked.Increment(ref _next):D12}.bin");
        var payload = MemoryMarshal.AsBytes(records);
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], Unsafe.SizeOf<SinkRecord>());
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], records.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], XxHash64.HashToUInt64(payload));
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        file.Write(header);
        file.Write(payload);
        return path;
    }

    /// <summary>Reads and checks a spilled chunk into <paramref name="destination"/>; returns the record count. The file stays.</summary>
    public static int Read(string path, SinkRecord[] destination)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16);
        var length = file.Length;
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (length < HeaderBytes)
            throw Corrupt(path, length, $"the file is {length} bytes, shorter than the {HeaderBytes}-byte header");
        file.ReadExactly(header);
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic)
            throw Corrupt(path, 0, "the header does not start with TESPILL1");
        var version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != FormatVersion)
            throw Corrupt(path, 8, $"written by spill format {version}, this build reads format {FormatVersion}");
        var size = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (size != Unsafe.SizeOf<SinkRecord>())
            throw Corrupt(path, 12, $"record size {size}, expected {Unsafe.SizeOf<SinkRecord>()}");
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        if (count < 0 || count > destination.Length || HeaderBytes + (long)count * size != length)
            throw Corrupt(path, 16, $"record count {count} does not fit a {length}-byte file or a {destination.Length}-row chunk");
        var payload = MemoryMarshal.AsBytes(destination.AsSpan(0, count));
        file.ReadExactly(payload);
        var expected = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        var actual = XxHash64.HashToUInt64(payload);
        if (actual != expected)
            throw Corrupt(path, HeaderBytes, $"checksum {actual:x16} of the {count} records differs from the header's {expected:x16}");
        return count;
    }

    public static void Delete(string path) => File.Delete(path);

    public void DeleteAll()
    {
        if (System.IO.Directory.Exists(_directory))
            System.IO.Directory.Delete(_directory, recursive: true);
    }

    private static InvalidDataException Corrupt(string path, long offset, string what) =>
        new($"sink spill file '{path}' is damaged at byte {offset}: {what}");
}
