using System.Runtime.InteropServices;

namespace TradingEngine.Ring;

/// <summary>
/// Sleeps on a monitor until signalled, optionally with a timeout (the consumer's handler then gets
/// <see cref="IEventHandler{T}.OnTimeout"/>, e.g. to flush on idle); a consumer's own
/// <see cref="ProcessorOptions.IdleTimeout"/> shortens the sleep the same way. No CPU when idle; microseconds of wake-up latency.
/// <para>
/// Unlike the classic blocking strategy it takes no lock on a publish when nobody waits: a waiter announces
/// itself in a counter before it re-checks the sequence under the lock, and a signaller issues a full fence and
/// only locks and pulses when that counter is non-zero. The fence on both sides (interlocked increment vs.
/// <see cref="Interlocked.MemoryBarrier"/>) means either the waiter sees the new sequence or the signaller
/// sees the waiter, so no wake-up is lost.
/// </para>
/// </summary>
public sealed class BlockingWaitStrategy : WaitStrategy
{
    private readonly object _gate = new();
    private readonly int _timeoutMilliseconds;
    private WaiterCount _waiters;

    /// <param name="timeout">How long a consumer sleeps before it reports a timeout; null waits until signalled.</param>
    public BlockingWaitStrategy(TimeSpan? timeout = null)
        : base(isBlocking: true)
    {
        if (timeout is { } t && (t <= TimeSpan.Zero || t.TotalMilliseconds > int.MaxValue))
            ThrowHelper.ThrowTimeoutOutOfRange(t);
        _timeoutMilliseconds = timeout is { } value ? Math.Max(1, (int)value.TotalMilliseconds) : Timeout.Infinite;
    }

    /// <summary>The monitor waiters sleep on (tests hold it to prove a publish without waiters never takes it).</summary>
    internal object Gate => _gate;

    /// <summary>Consumers currently asleep in <see cref="WaitFor"/> (diagnostics).</summary>
    public int Waiters => Volatile.Read(ref _waiters.Value);

    public override long WaitFor(long sequence, SequenceBarrier barrier)
    {
        var available = barrier.UpstreamSequence;
        if (available >= sequence)
            return available;

        Interlocked.Increment(ref _waiters.Value);
        try
        {
            lock (_gate)
            {
                while ((available = barrier.UpstreamSequence) < sequence)
                {
                    if (barrier.IsAlerted)
                        return available;
                    if (!Monitor.Wait(_gate, barrier.SleepMilliseconds(_timeoutMilliseconds)))
                        return barrier.UpstreamSequence;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters.Value);
        }
        return available;
    }

    public override void SignalAllWhenBlocking()
    {
        // Store-load fence: our sequence store must be visible before we read the waiter count.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _waiters.Value) != 0)
            Wake();
    }

    private void Wake()
    {
        lock (_gate)
            Monitor.PulseAll(_gate);
    }

    [StructLayout(LayoutKind.Explicit, Size = Padding.CacheLine * 2 + sizeof(int))]
    private struct WaiterCount
    {
        [FieldOffset(Padding.CacheLine)]
        public int Value;
    }
}
