using System.Runtime.CompilerServices;

namespace TradingEngine.Ring;

/// <summary>
/// What a consumer waits on: the ring cursor (first stage) or the sequences of the consumers it runs after
/// (later stages), through the ring's <see cref="WaitStrategy"/>. Alerting the barrier wakes its consumer so it can halt.
/// Create one with <see cref="RingBuffer{T}.NewBarrier"/>.
/// </summary>
public sealed class SequenceBarrier
{
    private readonly Sequence? _single;
    private readonly Sequence[] _dependents;
    private readonly MultiProducerSequencer? _multi;
    private readonly WaitStrategy _waitStrategy;
    private volatile bool _alerted;

    internal SequenceBarrier(Sequencer sequencer, WaitStrategy waitStrategy, Sequence[] dependents)
    {
        _waitStrategy = waitStrategy;
        // Only a first-stage consumer of a multi-producer ring must check slot availability: upstream
        // consumers only ever advance over published slots.
        _multi = dependents.Length == 0 ? sequencer as MultiProducerSequencer : null;
        _dependents = dependents.Length == 0 ? [sequencer.Cursor] : [.. dependents];
        _single = _dependents.Length == 1 ? _dependents[0] : null;
    }

    /// <summary>
    /// The highest sequence the upstream has reached: the ring cursor for a first-stage consumer, the slowest
    /// upstream consumer otherwise. With several producers, slots up to it may still be unpublished;
    /// <see cref="WaitFor"/> accounts for that.
    /// </summary>
    public long UpstreamSequence
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _single is not null ? _single.Value : Sequence.GetMinimum(_dependents, long.MaxValue);
    }

    /// <summary>How this barrier's consumer waits.</summary>
    public WaitStrategy WaitStrategy => _waitStrategy;

    /// <summary>True after <see cref="Alert"/> until <see cref="ClearAlert"/>.</summary>
    public bool IsAlerted => _alerted;

    /// <summary>
    /// Waits until <paramref name="sequence"/> is published and released by every upstream consumer, and returns
    /// the highest sequence that can be read (often more than asked: the consumer then handles a whole batch).
    /// Returns less than <paramref name="sequence"/> when alerted or when a blocking wait timed out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor(long sequence)
    {
        var available = UpstreamSequence;
        if (available < sequence)
        {
            available = _waitStrategy.WaitFor(sequence, this);
            if (available < sequence)
                return available;
        }
        return _multi is null ? available : HighestPublished(sequence, available);
    }

    /// <summary>Wakes the consumer waiting on this barrier so it can see that it must halt.</summary>
    public void Alert()
    {
        _alerted = true;
        _waitStrategy.SignalAllWhenBlocking();
    }

    public void ClearAlert() => _alerted = false;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long HighestPublished(long sequence, long available)
    {
        // Another producer may have claimed the slot but not yet written it: wait the short while until it publishes.
        var spinner = new SpinWait();
        while (true)
        {
            var highest = _multi!.GetHighestPublishedSequence(sequence, available);
            if (highest >= sequence || _alerted)
                return highest;
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }
}
