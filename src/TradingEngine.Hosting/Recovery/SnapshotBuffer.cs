using System.Buffers;

namespace TradingEngine.Hosting.Recovery;

/// <summary>
/// A growable byte buffer that the executor serializes a snapshot into and reuses for every later one, so a
/// snapshot in steady state allocates nothing once the buffer has grown to the state's size. Unlike
/// <see cref="ArrayBufferWriter{T}"/> it lets the writer patch a length it reserved before the bytes it counts.
/// </summary>
internal sealed class SnapshotBuffer : IBufferWriter<byte>
{
    private byte[] _bytes;

    public SnapshotBuffer(int initialCapacity = 64 * 1024) => _bytes = new byte[Math.Max(256, initialCapacity)];

    /// <summary>Bytes written since the last <see cref="Reset"/>.</summary>
    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, Length);

    /// <summary>The written bytes, writable (to patch a reserved length or a checksum).</summary>
    public Span<byte> WrittenSpanForPatch => _bytes.AsSpan(0, Length);

    public void Reset() => Length = 0;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_bytes.Length - Length))
            throw new ArgumentOutOfRangeException(nameof(count), count, $"advance past the buffer's {_bytes.Length - Length} free bytes");
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsSpan(Length);
    }

    private void Ensure(int sizeHint)
    {
        var need = Math.Max(sizeHint, 1);
        if (_bytes.Length - Length >= need)
            return;
        var size = Math.Max(_bytes.Length * 2, Length + need);
        Array.Resize(ref _bytes, size);
    }
}
