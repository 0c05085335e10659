namespace TradingEngine.Tests.Ring;

/// <summary>Shared result of a <see cref="CountingHandler"/>.</summary>
public sealed class Counter
{
    public long Count;
    public long Sum;

    /// <summary>Waits (spinning, then yielding) until <paramref name="count"/> events were handled; false on timeout. Allocates nothing.</summary>
    public bool WaitFor(long count, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var spinner = new SpinWait();
        while (Volatile.Read(ref Count) < count)
        {
            if (Environment.TickCount64 > deadline)
                return false;
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        return true;
    }
}
