using System.Runtime.InteropServices;

namespace TradingEngine.Timescale.Sink;

/// <summary>
/// Chunks that do not fit the memory bound go to disk as raw record bytes, one file per chunk, and come back in
/// the order they left. This is memory relief during an outage, not durability: after a crash the source (journal
/// or JetStream) replays from the committed watermark, so spill files of a dead process are simply deleted.
/// </summary>
internal sealed class SinkSpill
{
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
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        file.Write(MemoryMarshal.AsBytes(records));
        return path;
    }

    /// <summary>Reads a spilled chunk into <paramref name="destination"/> and deletes the file; returns the record count.</summary>
    public static int ReadAndDelete(string path, SinkRecord[] destination)
    {
        int count;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16))
        {
            var bytes = MemoryMarshal.AsBytes(destination.AsSpan());
            var length = (int)file.Length;
            file.ReadExactly(bytes[..length]);
            count = length / System.Runtime.CompilerServices.Unsafe.SizeOf<SinkRecord>();
        }
        File.Delete(path);
        return count;
    }

    public void DeleteAll()
    {
        if (System.IO.Directory.Exists(_directory))
            System.IO.Directory.Delete(_directory, recursive: true);
    }
}
