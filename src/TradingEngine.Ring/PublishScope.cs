using System.Runtime.CompilerServices;

namespace TradingEngine.Ring;

/// <summary>
/// One claimed slot: write the event through <see cref="Event"/>, and disposing the scope publishes it.
/// A ref struct, so claiming and publishing allocate nothing.
/// <code>
/// using (var scope = ring.Claim())
/// {
///     ref var tick = ref scope.Event;
///     tick.Price = price;
/// }
/// </code>
/// </summary>
public readonly ref struct PublishScope<T>
    where T : struct
{
    private readonly RingBuffer<T> _ring;
    private readonly ref T _event;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal PublishScope(RingBuffer<T> ring, long sequence)
    {
        _ring = ring;
        Sequence = sequence;
        _event = ref ring[sequence];
    }

    /// <summary>The claimed sequence.</summary>
    public long Sequence { get; }

    /// <summary>The claimed slot; it still holds the event published a lap ago, so overwrite every field you use.</summary>
    public ref T Event
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _event;
    }

    /// <summary>Publishes the slot to the consumers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose() => _ring.Publish(Sequence);
}
