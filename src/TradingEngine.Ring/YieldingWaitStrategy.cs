namespace TradingEngine.Ring;

/// <summary>
/// Re-reads the sequence a few times, then calls <see cref="Thread.Yield"/> between checks: near busy-spin latency
/// when the core is free, and it hands the core over at once to another runnable thread on it. Still 100% CPU when idle.
/// <para>
/// The re-reads take no pause (as Disruptor's yielding strategy does): two yielding threads that share a core (the
/// dev-2core profile puts the executor and the output consumer on one) each hand over within one re-read burst and
/// one yield. With a <see cref="Thread.SpinWait(int)"/> per try, as before, each hand-over first waited out 100 pauses,
/// which measured as most of the output stage of the pipeline's tick → output latency (perf/README.md, Pipeline).
/// </para>
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
                counter--;
            else
                Thread.Yield();
        }
        return available;
    }
}
