namespace TradingEngine.Ring;

/// <summary>
/// Spins, then yields, then sleeps (<see cref="Thread.Sleep(int)"/> of 1 ms, the smallest .NET offers):
/// almost no CPU when idle, at the price of up to a millisecond of latency for the first event after a quiet spell.
/// Producers never signal it. Suited to background consumers (DB sink, dashboard).
/// </summary>
public sealed class SleepingWaitStrategy : WaitStrategy
{
    private const int SpinTries = 100;
    private const int YieldTries = 100;

    public SleepingWaitStrategy()
        : base(isBlocking: false)
    {
    }

    public override long WaitFor(long sequence, SequenceBarrier barrier)
    {
        var counter = SpinTries + YieldTries;
        long available;
        while ((available = barrier.UpstreamSequence) < sequence)
        {
            if (barrier.IsAlerted)
                return available;
            if (counter > YieldTries)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else if (counter > 0)
            {
                counter--;
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(1);
            }
        }
        return available;
    }
}
