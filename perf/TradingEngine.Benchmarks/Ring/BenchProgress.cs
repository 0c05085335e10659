namespace TradingEngine.Benchmarks.Ring;

/// <summary>How many events the last stage has handled, published by the consumer; the benchmark waits on it.</summary>
public sealed class BenchProgress
{
    private long _count;

    public long Count => Volatile.Read(ref _count);

    public void Set(long count) => Volatile.Write(ref _count, count);

    /// <summary>Spins, then yields, until <paramref name="target"/> events were handled.</summary>
    public void WaitFor(long target)
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref _count) < target)
            spinner.SpinOnce(sleep1Threshold: -1);
    }
}
