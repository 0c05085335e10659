using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingEngine.Ring;

/// <summary>
/// A pre-allocated ring of struct events (power-of-two size), read and written in place by <c>ref</c>.
/// Producers claim a sequence, write the slot, publish; consumers (<see cref="BatchEventProcessor{T, THandler}"/>)
/// read published slots in order through a <see cref="SequenceBarrier"/>. The producer never overwrites a slot
/// that the slowest gating consumer has not released.
/// <para>
/// Claim/publish comes in three shapes, all allocation-free: the raw <see cref="Next()"/> / indexer /
/// <see cref="Publish(long)"/>; the <see cref="Claim"/> and <see cref="ClaimBatch"/> ref-struct scopes that
/// publish on dispose; and the non-blocking <see cref="TryClaim"/> / <see cref="TryNext(out long)"/>.
/// </para>
/// </summary>
public sealed class RingBuffer<T>
    where T : struct
{
    private readonly T[] _entries;
    private readonly long _mask;
    private readonly int _pad;
    private readonly SingleProducerSequencer? _single;
    private readonly MultiProducerSequencer? _multi;
    private readonly Sequencer _sequencer;

    /// <param name="size">Number of slots, a power of two.</param>
    /// <param name="producerType">One publishing thread or several.</param>
    /// <param name="waitStrategy">How consumers wait; <see cref="BlockingWaitStrategy"/> when null.</param>
    /// <param name="factory">Fills each slot once at construction (e.g. events that own a buffer); default values when null.</param>
    public RingBuffer(int size, ProducerType producerType = ProducerType.Single, WaitStrategy? waitStrategy = null, Func<T>? factory = null)
    {
        if (size < 1 || !BitOperations.IsPow2(size))
            ThrowHelper.ThrowRingSizeNotPowerOfTwo(size);
        Size = size;
        ProducerType = producerType;
        WaitStrategy = waitStrategy ?? new BlockingWaitStrategy();
        _mask = size - 1;
        // Empty slots on both sides keep the first and last events off the cache lines of the array header and neighbours.
        _pad = (Padding.CacheLine + Unsafe.SizeOf<T>() - 1) / Unsafe.SizeOf<T>();
        _entries = new T[size + 2 * _pad];
        if (factory is not null)
        {
            for (var i = 0; i < size; i++)
                _entries[_pad + i] = factory();
        }
        if (producerType == ProducerType.Single)
            _sequencer = _single = new SingleProducerSequencer(size, WaitStrategy);
        else
            _sequencer = _multi = new MultiProducerSequencer(size, WaitStrategy);
    }

    /// <summary>A ring for one publishing thread.</summary>
    public static RingBuffer<T> CreateSingleProducer(int size, WaitStrategy? waitStrategy = null) => new(size, ProducerType.Single, waitStrategy);

    /// <summary>A ring for several publishing threads.</summary>
    public static RingBuffer<T> CreateMultiProducer(int size, WaitStrategy? waitStrategy = null) => new(size, ProducerType.Multi, waitStrategy);

    /// <summary>Number of slots.</summary>
    public int Size { get; }

    public ProducerType ProducerType { get; }

    public WaitStrategy WaitStrategy { get; }

    /// <summary>The ring cursor: the highest published sequence (single producer) or claimed sequence (multi producer).</summary>
    public Sequence Cursor => _sequencer.Cursor;

    /// <summary>The highest sequence below which every slot is published.</summary>
    public long PublishedSequence => _sequencer.PublishedSequence;

    /// <summary>Slots claimed and not yet released by the slowest gating consumer (back-pressure gauge, 0..Size).</summary>
    public long Occupancy => Math.Max(0, Cursor.Value - _sequencer.MinimumGatingSequence);

    /// <summary>Slots a producer can claim right now without waiting.</summary>
    public long RemainingCapacity => Size - Occupancy;

    /// <summary>How many blocking claims found the ring full and waited for the slowest consumer (monotonic counter).</summary>
    public long ProducerWaitCount => _sequencer.ProducerWaitCount;

    /// <summary>How many <see cref="TryClaim"/>/<see cref="TryNext(out long)"/> calls failed because the ring was full.</summary>
    public long TryClaimFailureCount => _sequencer.TryClaimFailureCount;

    /// <summary>The slot of <paramref name="sequence"/>, by reference.</summary>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), (nint)(sequence & _mask) + _pad);
    }

    /// <summary>The slot of sequence 0 (slot i is this + (i &amp; <see cref="Mask"/>)); lets a consumer loop keep the base in a register.</summary>
    internal ref T FirstSlot => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), _pad);

    internal long Mask => _mask;

    /// <summary>Claims the next slot, waiting while the ring is full. Publish it with <see cref="Publish(long)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next() => _single is not null ? _single.NextOne() : _multi!.Next(1);

    /// <summary>Claims <paramref name="n"/> consecutive slots and returns the last one; the first is the returned value - n + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next(int n) => _single is not null ? _single.Next(n) : _multi!.Next(n);

    /// <summary>Claims the next slot if the ring has room; never waits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNext(out long sequence) => _single is not null ? _single.TryNext(1, out sequence) : _multi!.TryNext(1, out sequence);

    /// <summary>Claims <paramref name="n"/> slots if the ring has room for all of them; never waits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNext(int n, out long lastSequence) => _single is not null ? _single.TryNext(n, out lastSequence) : _multi!.TryNext(n, out lastSequence);

    /// <summary>Makes the slot of <paramref name="sequence"/> visible to consumers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long sequence)
    {
        if (_single is not null)
            _single.Publish(sequence);
        else
            _multi!.Publish(sequence);
    }

    /// <summary>Publishes the claimed range [<paramref name="lo"/>, <paramref name="hi"/>].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long lo, long hi)
    {
        if (_single is not null)
            _single.Publish(hi);
        else
            _multi!.Publish(lo, hi);
    }

    /// <summary>Claims the next slot (waiting while full); disposing the scope publishes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PublishScope<T> Claim() => new(this, Next());

    /// <summary>Claims <paramref name="n"/> consecutive slots (waiting while full); disposing the scope publishes them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PublishBatchScope<T> ClaimBatch(int n) => new(this, Next(n) - n + 1, n);

    /// <summary>Claims the next slot if the ring has room; the scope publishes on dispose. Returns false (and counts it) when full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryClaim(out PublishScope<T> scope)
    {
        if (TryNext(out var sequence))
        {
            scope = new PublishScope<T>(this, sequence);
            return true;
        }
        scope = default;
        return false;
    }

    /// <summary>Claims <paramref name="n"/> slots if the ring has room for all of them; never waits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryClaimBatch(int n, out PublishBatchScope<T> scope)
    {
        if (TryNext(n, out var last))
        {
            scope = new PublishBatchScope<T>(this, last - n + 1, n);
            return true;
        }
        scope = default;
        return false;
    }

    /// <summary>
    /// A barrier for a consumer that reads after every sequence in <paramref name="dependents"/> (a later stage),
    /// or right after publication when there are none (a first stage).
    /// </summary>
    public SequenceBarrier NewBarrier(params Sequence[] dependents) =>
        new(_sequencer, WaitStrategy is PerThreadWaitStrategy perThread ? perThread.Default : WaitStrategy, dependents);

    /// <summary>
    /// A barrier whose consumer waits on <paramref name="strategy"/> (its own, from a deployment profile); the ring must
    /// have a <see cref="PerThreadWaitStrategy"/>, which then wakes it on every signal.
    /// </summary>
    public SequenceBarrier NewBarrier(WaitStrategy strategy, params Sequence[] dependents)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (ReferenceEquals(strategy, WaitStrategy))
            return NewBarrier(dependents);
        if (WaitStrategy is not PerThreadWaitStrategy perThread)
            throw new InvalidOperationException($"a consumer with a wait strategy of its own ({strategy.GetType().Name}) needs a ring created with a PerThreadWaitStrategy; this ring waits with {WaitStrategy.GetType().Name}");
        perThread.Register(strategy);
        return new(_sequencer, strategy, dependents);
    }

    /// <summary>
    /// Makes producers wait for these consumer sequences before reusing a slot. Each is first set to the
    /// current cursor, so a consumer added to a running ring starts at the next event.
    /// </summary>
    public void AddGatingSequences(params Sequence[] sequences) => _sequencer.AddGatingSequences(sequences);

    /// <summary>Stops gating on <paramref name="sequence"/> (a consumer that left).</summary>
    public bool RemoveGatingSequence(Sequence sequence) => _sequencer.RemoveGatingSequence(sequence);

    /// <summary>True when <paramref name="sequence"/> has been published (and not yet overwritten a lap later).</summary>
    public bool IsPublished(long sequence) => _single is not null ? sequence <= Cursor.Value : _multi!.IsAvailable(sequence);
}
