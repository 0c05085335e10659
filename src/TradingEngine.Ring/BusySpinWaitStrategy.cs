namespace TradingEngine.Ring;

/// <summary>
/// Spins on the upstream sequence: the lowest latency and a whole core burnt per consumer, even when idle.
/// Use only with a core per spinning thread (pinned, isolated).
/// <para>
/// One concession to shared machines: after <see cref="PollsBeforeYield"/> empty polls in a row (tens of
/// microseconds with nothing published) it calls <see cref="Thread.Yield"/> once. On an idle core that returns at
/// once; on an oversubscribed one it hands the core to a producer that was waiting for it, instead of burning
/// the rest of the time slice. Events arriving within that window never see the yield.
/// </para>
/// </summary>
public sealed class BusySpinWaitStrategy : WaitStrategy
{
    public BusySpinWaitStrategy()
        : base(isBlocking: false)
    {
    }

    /// <summary>Empty polls between two safety yields.</summary>
    public const int PollsBeforeYield = 1 << 16;

    public override long WaitFor(long sequence, SequenceBarrier barrier)
    {
        var polls = 0;
        long available;
        while ((available = barrier.UpstreamSequence) < sequence)
        {
            if (barrier.IsAlerted)
                return available;
            if (++polls == PollsBeforeYield)
            {
                polls = 0;
                Thread.Yield();
            }
        }
        return available;
    }
}
