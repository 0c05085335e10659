using HdrHistogram;
using TradingEngine.Engine.Runtime;
using TradingEngine.Journal;

namespace TradingEngine.Hosting.Observability;

/// <summary>
/// A latency measured on a hot thread, recorded off it: what the thread sampled into its preallocated buffer is drained
/// here (by the metrics' collector every <see cref="LiveEngineMetrics.CollectInterval"/> and at each scrape) into an
/// HdrHistogram (3 significant digits, up to 60 s) for quantiles and into the fixed buckets of the Prometheus histogram.
/// Two sources: one executor's tick → output latency (<see cref="OutputLatencySampler"/>; each sample stands for the
/// outputs its event made, so the histogram's count is the outputs measured) and a journal's frame append or fsync
/// time (<see cref="JournalLatencySamples"/>; one observation per frame or fsync).
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>The Prometheus buckets' upper bounds, seconds: 1 µs … 1 s.</summary>
    public static readonly double[] BoundsSeconds =
        [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1];

    /// <summary>The quantiles exported beside the histogram (from the HdrHistogram: exact to 3 digits).</summary>
    public static readonly double[] Quantiles = [0.5, 0.9, 0.99, 0.999];

    private static readonly long[] BoundsNanos = BoundsSeconds.Select(s => (long)Math.Round(s * 1e9)).ToArray();
    private const long HighestTrackableNanos = 60_000_000_000;

    private readonly OutputLatencySampler? _sampler;
    private readonly JournalLatencySamples? _journal;
    private readonly long[] _journalBatch = [];
    private readonly LongHistogram _histogram = new(HighestTrackableNanos, 3);
    private readonly long[] _buckets = new long[BoundsSeconds.Length + 1];
    private double _sumSeconds;

    public LatencyHistogram(OutputLatencySampler sampler) => _sampler = sampler;

    public LatencyHistogram(JournalLatencySamples samples)
    {
        _journal = samples;
        _journalBatch = new long[256];
    }

    /// <summary>The executor's sampler (null for a journal's histogram).</summary>
    public OutputLatencySampler? Sampler => _sampler;

    /// <summary>The journal's samples (null for an executor's histogram).</summary>
    public JournalLatencySamples? JournalSamples => _journal;

    /// <summary>Bucket counts (not cumulative; the last is above every bound).</summary>
    public ReadOnlySpan<long> Buckets => _buckets;

    public double SumSeconds => _sumSeconds;

    /// <summary>Outputs measured (the histogram's count).</summary>
    public long Count => _histogram.TotalCount;

    /// <summary>The latency at <paramref name="quantile"/> (0..1), seconds; 0 before the first sample.</summary>
    public double QuantileSeconds(double quantile) => Count == 0 ? 0 : _histogram.GetValueAtPercentile(quantile * 100) / 1e9;

    /// <summary>Moves what the sampler holds into the histogram (the caller serializes drains).</summary>
    public void Drain()
    {
        if (_sampler is not null)
        {
            var recorder = new Recorder(this);
            _sampler.Drain(ref recorder);
            return;
        }
        int n;
        while ((n = _journal!.Drain(_journalBatch)) > 0)
        {
            for (var i = 0; i < n; i++)
                Add(_journalBatch[i], 1);
        }
    }

    private void Add(long nanos, long outputs)
    {
        var clamped = Math.Clamp(nanos, 1, HighestTrackableNanos);
        _histogram.RecordValueWithCount(clamped, outputs);
        var bucket = Array.BinarySearch(BoundsNanos, clamped);
        _buckets[bucket >= 0 ? bucket : ~bucket] += outputs;
        _sumSeconds += clamped / 1e9 * outputs;
    }

    private readonly struct Recorder(LatencyHistogram histogram) : ILatencyRecorder
    {
        public void Record(long nanos, long outputs) => histogram.Add(nanos, outputs);
    }
}
