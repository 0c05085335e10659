using System.Diagnostics;

namespace TradingEngine.Ring;

/// <summary>
/// Spins a short while, then yields the core for up to <see cref="YieldWindow"/>, then sleeps on a monitor until
/// signalled (the <see cref="BlockingWaitStrategy"/> protocol: no lock on a publish when nobody sleeps). While events
/// keep coming closer together than the window, the consumer never sleeps and picks each one up within a yield; after
/// a quiet spell it costs no CPU, and the first event wakes it in one signal instead of a sleep's millisecond.
/// <para>
/// Made for a consumer that shares a core (the output consumer and the journaler of the dev-2core profile): a sleeping
/// thread needs the kernel to wake it and find it a core on every event, which on a shared 2-vCPU machine was most of
/// the pipeline's tick → output latency (perf/README.md, Pipeline); a yielding one is found running at the next yield
/// of whatever shares its core.
/// </para>
/// </summary>
public sealed class PhasedBackoffWaitStrategy : WaitStrategy
{
    private const int SpinTries = 100;
    private readonly BlockingWaitStrategy _sleep;
    private readonly long _yieldTicks;

    /// <param name="yieldWindow">How long a caught-up consumer yields before it sleeps; 1 ms when null.</param>
    /// <param name="timeout">How long it then sleeps before it reports a timeout (<see cref="IEventHandler{T}.OnTimeout"/>); null sleeps until signalled.</param>
    public PhasedBackoffWaitStrategy(TimeSpan? yieldWindow = null, TimeSpan? timeout = null)
        : base(isBlocking: true)
    {
        var window = yieldWindow ?? DefaultYieldWindow;
        if (window < TimeSpan.Zero)
            ThrowHelper.ThrowTimeoutOutOfRange(window);
        YieldWindow = window;
        _yieldTicks = (long)(window.TotalSeconds * Stopwatch.Frequency);
        _sleep = new BlockingWaitStrategy(timeout);
    }

    /// <summary>The yield window when none is given: longer than the gaps within a burst of market data, short against a quiet spell.</summary>
    public static TimeSpan DefaultYieldWindow { get; } = TimeSpan.FromMilliseconds(1);

    /// <summary>How long a caught-up consumer yields before it sleeps.</summary>
    public TimeSpan YieldWindow { get; }

    /// <summary>Consumers asleep now (diagnostics and tests).</summary>
    public int Sleepers => _sleep.Waiters;

    public override long WaitFor(long sequence, SequenceBarrier barrier)
    {
        long available;
        for (var i = 0; i < SpinTries; i++)
        {
            if ((available = barrier.UpstreamSequence) >= sequence || barrier.IsAlerted)
                return available;
            Thread.SpinWait(1);
        }
        var until = Stopwatch.GetTimestamp() + _yieldTicks;
        while ((available = barrier.UpstreamSequence) < sequence)
        {
            if (barrier.IsAlerted)
                return available;
            if (Stopwatch.GetTimestamp() >= until)
                return _sleep.WaitFor(sequence, barrier);
            Thread.Yield();
        }
        return available;
    }

    public override void SignalAllWhenBlocking() => _sleep.SignalAllWhenBlocking();
}
