namespace TradingEngine.Ring;

/// <summary>
/// How a consumer waits for the sequence it needs. A strategy is shared by the ring (producers signal it)
/// and by every barrier of that ring. The barrier checks the upstream sequence itself first, so a strategy
/// is only entered when the consumer has really caught up.
/// </summary>
public abstract class WaitStrategy
{
    protected WaitStrategy(bool isBlocking) => IsBlocking = isBlocking;

    /// <summary>
    /// True when waiters sleep on a monitor: producers and consumers then call
    /// <see cref="SignalAllWhenBlocking"/> after moving a sequence. False for the spinning strategies,
    /// whose publish path does no signalling at all.
    /// </summary>
    public bool IsBlocking { get; }

    /// <summary>
    /// Waits until <see cref="SequenceBarrier.UpstreamSequence"/> reaches <paramref name="sequence"/> and returns it.
    /// Returns a value below <paramref name="sequence"/> when the barrier was alerted (halt) or when a timeout elapsed.
    /// </summary>
    public abstract long WaitFor(long sequence, SequenceBarrier barrier);

    /// <summary>Wakes the consumers sleeping in <see cref="WaitFor"/>; a no-op for spinning strategies.</summary>
    public virtual void SignalAllWhenBlocking()
    {
    }
}
