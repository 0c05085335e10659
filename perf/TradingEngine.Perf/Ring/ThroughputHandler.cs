using System.Diagnostics;
using TradingEngine.Ring;

namespace TradingEngine.Perf.Ring;

/// <summary>Sums the events and signals when the last expected sequence was handled.</summary>
public struct ThroughputHandler : IEventHandler<PerfEvent>
{
    private readonly RunSignal _signal;
    private readonly long _lastSequence;
    private long _sum;

    public ThroughputHandler(RunSignal signal, long lastSequence)
    {
        _signal = signal;
        _lastSequence = lastSequence;
    }

    public void OnStart() => _signal.MarkStarted();

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref PerfEvent evt, long sequence, bool endOfBatch)
    {
        _sum += evt.Value;
        if (sequence == _lastSequence)
        {
            _signal.Sum = _sum;
            _signal.Done(Stopwatch.GetTimestamp());
        }
    }

    public void OnTimeout(long sequence)
    {
    }

    public void OnShutdown()
    {
    }
}
