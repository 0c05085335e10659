namespace TradingEngine.Ring;

/// <summary>
/// Spins a short while, then calls <see cref="Thread.Yield"/> between checks: near busy-spin latency when the
/// core is free, and it lets other runnable threads on that core go first. Still 100% CPU when idle.
/// <para>
/// A thread that shares its core with another (the dev-2core profile pins the executor and the publisher to one core)
/// should not spin first (<c>spinTries: 0</c>): on a shared core the spin only delays the other thread, and the two
/// then hand the core to each other within one yield. With the 100 spins, each hand-over first waited them out, which
/// measured as most of the output stage of the pipeline's tick → output latency (perf/README.md, Pipeline).
/// </para>
/// </summary>
public sealed class YieldingWaitStrategy : WaitStrategy
{
    /// <summary>Spins before the first yield when none is given: ~3–4 µs of <see cref="Thread.SpinWait(int)"/> pauses.</summary>
    public const int DefaultSpinTries = 100;

    /// <param name="spinTries">Checks with a pause before the first yield; 0 yields at once (a core shared with another thread).</param>
    public YieldingWaitStrategy(int spinTries = DefaultSpinTries)
        : base(isBlocking: false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spinTries);
        SpinTries = spinTries;
    }

    /// <summary>Checks with a pause before the first yield.</summary>
    public int SpinTries { get; }

    public override long WaitFor(long sequence, SequenceBarrier barrier)
    {
        var counter = SpinTries;
        long available;
        while ((available = barrier.UpstreamSequence) < sequence)
        {
            if (barrier.IsAlerted)
                return available;
            if (counter > 0)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else
            {
                Thread.Yield();
            }
        }
        return available;
    }
}
