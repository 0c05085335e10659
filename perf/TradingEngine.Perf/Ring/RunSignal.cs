namespace TradingEngine.Perf.Ring;

/// <summary>Tells the producer when the consumer has seen the last event, and when (Stopwatch ticks).</summary>
public sealed class RunSignal
{
    private long _doneAt;
    private int _started;

    public long DoneAt => Volatile.Read(ref _doneAt);

    public long Sum;

    public void Done(long timestamp) => Volatile.Write(ref _doneAt, timestamp);

    /// <summary>Called by the consumer's OnStart: its thread is up, so its start-up allocations are behind us.</summary>
    public void MarkStarted() => Volatile.Write(ref _started, 1);

    /// <summary>Waits until the consumer thread has started.</summary>
    public void WaitStarted()
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref _started) == 0)
            spinner.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>Spins (yielding after a while) until done; returns the end timestamp.</summary>
    public long Wait()
    {
        var spinner = new SpinWait();
        long done;
        while ((done = DoneAt) == 0)
            spinner.SpinOnce(sleep1Threshold: -1);
        return done;
    }
}
