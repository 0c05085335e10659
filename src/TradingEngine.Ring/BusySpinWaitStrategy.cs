namespace TradingEngine.Ring;

/// <summary>
/// Spins on the upstream sequence without ever giving up the core: the lowest latency and a whole core
/// burnt per consumer, even when idle. Use only with a core per spinning thread (pinned, isolated).
/// </summary>
public sealed class BusySpinWaitStrategy : WaitStrategy
{
    public BusySpinWaitStrategy()
        : base(isBlocking: false)
    {
    }

    public override long WaitFor(long sequence, SequenceBarrier barrier)
    {
        long available;
        while ((available = barrier.UpstreamSequence) < sequence)
        {
            if (barrier.IsAlerted)
                return available;
        }
        return available;
    }
}
