using System.Diagnostics;
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
    private long _idleTicks;
    private long _idleDeadline;

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

    /// <summary>
    /// True after <see cref="Alert"/> until <see cref="ClearAlert"/>, and once the wait in progress has lasted this
    /// consumer's <see cref="IdleTimeout"/>: either way a wait strategy that reads it returns, so every strategy
    /// (spinning ones included) ends an idle wait without knowing about timeouts itself.
    /// </summary>
    public bool IsAlerted
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _alerted || (_idleTicks != 0 && Stopwatch.GetTimestamp() >= _idleDeadline);
    }

    /// <summary>True after <see cref="Alert"/> until <see cref="ClearAlert"/> (a halt or a wake-up, not an idle timeout).</summary>
    internal bool IsAlertRaised => _alerted;

    /// <summary>
    /// How long this barrier's consumer waits with nothing to read before its wait returns (its processor then calls
    /// <see cref="IEventHandler{T}.OnTimeout"/> and waits again); null: until something arrives. Set by the processor
    /// from <see cref="ProcessorOptions.IdleTimeout"/>, before it runs.
    /// </summary>
    public TimeSpan? IdleTimeout
    {
        get => _idleTicks == 0 ? null : TimeSpan.FromSeconds((double)_idleTicks / Stopwatch.Frequency);
        internal set => _idleTicks = value is { } t ? Math.Max(1, (long)(t.TotalSeconds * Stopwatch.Frequency)) : 0;
    }

    /// <summary>
    /// How long a blocking strategy may sleep at most in the wait in progress: <paramref name="ownMilliseconds"/>
    /// (<see cref="Timeout.Infinite"/> for none), or less when this consumer's idle timeout ends sooner (at least 1 ms).
    /// </summary>
    internal int SleepMilliseconds(int ownMilliseconds)
    {
        if (_idleTicks == 0)
            return ownMilliseconds;
        var left = (_idleDeadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
        var idle = (int)Math.Clamp(left + 1, 1, int.MaxValue);
        return ownMilliseconds == Timeout.Infinite ? idle : Math.Min(ownMilliseconds, idle);
    }

    /// <summary>
    /// Waits until <paramref name="sequence"/> is published and released by every upstream consumer, and returns
    /// the highest sequence that can be read (often more than asked: the consumer then handles a whole batch).
    /// Returns less than <paramref name="sequence"/> when alerted, when a blocking wait timed out, or when the consumer's
    /// <see cref="IdleTimeout"/> passed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor(long sequence)
    {
        var available = UpstreamSequence;
        if (available < sequence)
        {
            if (_idleTicks != 0)
                _idleDeadline = Stopwatch.GetTimestamp() + _idleTicks;
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
