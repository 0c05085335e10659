using System.Runtime.CompilerServices;

namespace TradingEngine.Ring;

/// <summary>
/// Claims for exactly one publishing thread: plain fields for the claim, one release store to publish,
/// and consumer sequences read only when the cached minimum says the claim could overrun the slowest consumer.
/// </summary>
internal sealed class SingleProducerSequencer : Sequencer
{
    private ProducerState _state;

    public SingleProducerSequencer(int bufferSize, WaitStrategy waitStrategy)
        : base(bufferSize, waitStrategy)
    {
        _state.NextValue = Sequence.InitialValue;
        _state.CachedGating = Sequence.InitialValue;
    }

    public override long PublishedSequence => Cursor.Value;

    public override long ProducerWaitCount => Volatile.Read(ref _state.WaitCount);

    public override long TryClaimFailureCount => Volatile.Read(ref _state.TryClaimFailures);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long NextOne()
    {
        var next = _state.NextValue + 1;
        if (next - BufferSize > _state.CachedGating)
            WaitForCapacity(next);
        _state.NextValue = next;
        return next;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next(int n)
    {
        if ((uint)(n - 1) >= (uint)BufferSize)
            ThrowHelper.ThrowClaimSizeOutOfRange(n, BufferSize);
        var next = _state.NextValue + n;
        if (next - BufferSize > _state.CachedGating)
            WaitForCapacity(next);
        _state.NextValue = next;
        return next;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool TryNext(int n, out long sequence)
    {
        if ((uint)(n - 1) >= (uint)BufferSize)
            ThrowHelper.ThrowClaimSizeOutOfRange(n, BufferSize);
        var next = _state.NextValue + n;
        if (next - BufferSize > _state.CachedGating && !RefreshCapacity(next))
        {
            sequence = Sequence.InitialValue;
            return false;
        }
        _state.NextValue = next;
        sequence = next;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long sequence)
    {
        Cursor.SetValue(sequence);
        if (SignalOnPublish)
            Wait.SignalAllWhenBlocking();
    }

    public override void Publish(long lo, long hi) => Publish(hi);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long next)
    {
        var wrapPoint = next - BufferSize;
        long minimum;
        if (wrapPoint > (minimum = Sequence.GetMinimum(Gating, _state.NextValue)))
        {
            Volatile.Write(ref _state.WaitCount, _state.WaitCount + 1);
            var spinner = new SpinWait();
            while (wrapPoint > (minimum = Sequence.GetMinimum(Gating, _state.NextValue)))
                spinner.SpinOnce(sleep1Threshold: -1);
        }
        _state.CachedGating = minimum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefreshCapacity(long next)
    {
        var minimum = Sequence.GetMinimum(Gating, _state.NextValue);
        _state.CachedGating = minimum;
        if (next - BufferSize <= minimum)
            return true;
        Volatile.Write(ref _state.TryClaimFailures, _state.TryClaimFailures + 1);
        return false;
    }
}
