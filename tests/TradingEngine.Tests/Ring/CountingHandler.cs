using TradingEngine.Ring;

namespace TradingEngine.Tests.Ring;

/// <summary>A struct handler that sums values into a shared <see cref="Counter"/> (published once per batch).</summary>
public struct CountingHandler : IEventHandler<TestEvent>
{
    public Counter Counter;
    private long _sum;
    private long _count;

    public CountingHandler(Counter counter) => Counter = counter;

    public void OnStart()
    {
    }

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
    {
        _sum += evt.Value;
        _count++;
        if (endOfBatch)
        {
            Counter.Sum = _sum;
            Volatile.Write(ref Counter.Count, _count);
        }
    }

    public void OnTimeout(long sequence)
    {
    }

    public void OnShutdown()
    {
    }
}
