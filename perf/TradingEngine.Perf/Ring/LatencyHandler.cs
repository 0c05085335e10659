using System.Diagnostics;
using HdrHistogram;
using TradingEngine.Ring;

namespace TradingEngine.Perf.Ring;

/// <summary>Records publish-to-handle latency (ns) of each event into an HdrHistogram.</summary>
public struct LatencyHandler : IEventHandler<PerfEvent>
{
    private readonly LongHistogram _histogram;
    private readonly RunSignal _signal;
    private readonly long _lastSequence;
    private readonly long _warmup;
    private readonly double _nanosPerTick;

    /// <param name="warmup">Events handled but not recorded (JIT, first touches).</param>
    public LatencyHandler(LongHistogram histogram, RunSignal signal, long lastSequence, long warmup)
    {
        _histogram = histogram;
        _signal = signal;
        _lastSequence = lastSequence;
        _warmup = warmup;
        _nanosPerTick = 1e9 / Stopwatch.Frequency;
    }

    public void OnStart() => _signal.MarkStarted();

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnEvent(ref PerfEvent evt, long sequence, bool endOfBatch)
    {
        var now = Stopwatch.GetTimestamp();
        if (sequence >= _warmup)
            _histogram.RecordValue(LatencyRuns.Clamp((long)((now - evt.Timestamp) * _nanosPerTick)));
        if (sequence == _lastSequence)
            _signal.Done(now);
    }

    public void OnTimeout(long sequence)
    {
    }

    public void OnShutdown()
    {
    }
}
