using System.Buffers;

namespace TradingEngine.Gateway;

/// <summary>
/// A request body read into an array rented from <see cref="ArrayPool{T}.Shared"/>, grown by renting a larger one. A batch
/// body is hundreds of KB: a fresh buffer per request (doubling from 64 KB) lands in the large object heap, and each
/// batch then cost page faults and gen2 collections (docs/gateway.md, "Performance"). Returned when the batch is answered:
/// nothing holds the rows after that (JetStream publishes copy them; dead letters take their own copy).
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private byte[] _array;

    public PooledBody(int initial) => _array = ArrayPool<byte>.Shared.Rent(initial);

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>The free rest of the buffer, at least <paramref name="hint"/> bytes (grown when it has fewer).</summary>
    public Memory<byte> GetMemory(int hint)
    {
        if (_array.Length - Length < hint)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Length + hint));
            _array.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }
        return _array.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, []);
        if (array.Length > 0)
            ArrayPool<byte>.Shared.Return(array);
    }
}
