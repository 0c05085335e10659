using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TradingEngine.Ring;

/// <summary>
/// Claims for several publishing threads: the cursor is advanced with one atomic add per claim, and
/// publication is tracked per slot in an availability array (the lap number of the sequence written to its slot),
/// so a consumer only reads a contiguous run of published slots even when producers finish out of order.
/// </summary>
internal sealed class MultiProducerSequencer : Sequencer
{
    private readonly int[] _available;
    private readonly int _indexMask;
    private readonly int _indexShift;
    private readonly Sequence _gatingCache = new();
    private ProducerState _state;

    public MultiProducerSequencer(int bufferSize, WaitStrategy waitStrategy)
        : base(bufferSize, waitStrategy)
    {
        _available = new int[bufferSize];
        _available.AsSpan().Fill(-1);
        _indexMask = bufferSize - 1;
        _indexShift = BitOperations.Log2((uint)bufferSize);
    }

    public override long PublishedSequence
    {
        get
        {
            // Every slot below the slowest consumer (or a lap behind the cursor when nothing gates) is published.
            var cursor = Cursor.Value;
            var floor = Math.Max(Sequence.InitialValue, cursor - BufferSize);
            var gating = Gating;
            var lo = gating.Length == 0 ? floor : Math.Max(floor, Sequence.GetMinimum(gating, cursor));
            return GetHighestPublishedSequence(lo + 1, cursor);
        }
    }

    public override long ProducerWaitCount => Volatile.Read(ref _state.WaitCount);

    public override long TryClaimFailureCount => Volatile.Read(ref _state.TryClaimFailures);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next(int n)
    {
        if ((uint)(n - 1) >= (uint)BufferSize)
            ThrowHelper.ThrowClaimSizeOutOfRange(n, BufferSize);
        var current = Cursor.AddAndGet(n) - n;
        var next = current + n;
        var cached = _gatingCache.Value;
        if (next - BufferSize > cached || cached > current)
            WaitForCapacity(current, next);
        return next;
    }

    public override bool TryNext(int n, out long sequence)
    {
        if ((uint)(n - 1) >= (uint)BufferSize)
            ThrowHelper.ThrowClaimSizeOutOfRange(n, BufferSize);
        while (true)
        {
            var current = Cursor.Value;
            var next = current + n;
            var cached = _gatingCache.Value;
            if (next - BufferSize > cached || cached > current)
            {
                var minimum = Sequence.GetMinimum(Gating, current);
                _gatingCache.SetValue(minimum);
                if (next - BufferSize > minimum)
                {
                    Interlocked.Increment(ref _state.TryClaimFailures);
                    sequence = Sequence.InitialValue;
                    return false;
                }
            }
            if (Cursor.CompareAndSet(current, next))
            {
                sequence = next;
                return true;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long sequence)
    {
        SetAvailable(sequence);
        if (SignalOnPublish)
            Wait.SignalAllWhenBlocking();
    }

    public override void Publish(long lo, long hi)
    {
        for (var s = lo; s <= hi; s++)
            SetAvailable(s);
        if (SignalOnPublish)
            Wait.SignalAllWhenBlocking();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsAvailable(long sequence)
    {
        ref var slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_available), (int)sequence & _indexMask);
        return Volatile.Read(ref slot) == (int)(sequence >>> _indexShift);
    }

    /// <summary>The highest sequence in [<paramref name="lo"/>, <paramref name="available"/>] below which every slot is published.</summary>
    public long GetHighestPublishedSequence(long lo, long available)
    {
        for (var s = lo; s <= available; s++)
        {
            if (!IsAvailable(s))
                return s - 1;
        }
        return available;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetAvailable(long sequence)
    {
        ref var slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_available), (int)sequence & _indexMask);
        Volatile.Write(ref slot, (int)(sequence >>> _indexShift));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long current, long next)
    {
        var wrapPoint = next - BufferSize;
        long minimum;
        if (wrapPoint > (minimum = Sequence.GetMinimum(Gating, current)))
        {
            Interlocked.Increment(ref _state.WaitCount);
            var spinner = new SpinWait();
            while (wrapPoint > (minimum = Sequence.GetMinimum(Gating, current)))
                spinner.SpinOnce(sleep1Threshold: -1);
        }
        _gatingCache.SetValue(minimum);
    }
}
