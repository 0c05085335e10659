using System.Runtime.CompilerServices;

namespace TradingEngine.Ring;

/// <summary>
/// <see cref="Count"/> consecutive claimed slots; disposing the scope publishes them all at once
/// (one cursor store for a single producer). A ref struct: nothing is allocated.
/// </summary>
public readonly ref struct PublishBatchScope<T>
    where T : struct
{
    private readonly RingBuffer<T> _ring;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal PublishBatchScope(RingBuffer<T> ring, long firstSequence, int count)
    {
        _ring = ring;
        FirstSequence = firstSequence;
        Count = count;
    }

    /// <summary>The first claimed sequence.</summary>
    public long FirstSequence { get; }

    /// <summary>The last claimed sequence.</summary>
    public long LastSequence => FirstSequence + Count - 1;

    /// <summary>How many slots were claimed.</summary>
    public int Count { get; }

    /// <summary>The slot of the <paramref name="index"/>-th claimed event (0-based).</summary>
    public ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)Count)
                ThrowHelper.ThrowBatchIndexOutOfRange(index, Count);
            return ref _ring[FirstSequence + index];
        }
    }

    /// <summary>Publishes every claimed slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose() => _ring.Publish(FirstSequence, LastSequence);
}
