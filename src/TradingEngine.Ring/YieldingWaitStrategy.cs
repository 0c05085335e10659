namespace TradingEngine.Ring;

/// <summary>
/// Spins a short while, then calls <see cref="Thread.Yield"/> between checks: near busy-spin latency when the
/// core is free, and it lets other runnable threads on that core go first. Still 100% CPU when idle.
/// </summary>
public sealed class YieldingWaitStrategy : WaitStrategy
{
    private const int SpinTries = 100;

    public YieldingWaitStrategy()
        : base(isBlocking: false)
    {
    }

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
