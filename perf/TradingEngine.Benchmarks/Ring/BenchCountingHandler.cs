using TradingEngine.Ring;

namespace TradingEngine.Benchmarks.Ring;

/// <summary>A struct handler that touches each event and publishes its count at the end of each batch.</summary>
public struct BenchCountingHandler : IEventHandler<BenchEvent>
{
    private readonly BenchProgress _progress;
    private long _count;
    private long _sum;

    public BenchCountingHandler(BenchProgress progress) => _progress = progress;

    public void OnStart()
    {
    }

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref BenchEvent evt, long sequence, bool endOfBatch)
    {
        _sum += evt.Value;
        _count++;
        if (endOfBatch)
            _progress.Set(_count);
    }

    public void OnTimeout(long sequence)
    {
    }

    public void OnShutdown()
    {
    }
}
