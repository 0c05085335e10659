using HdrHistogram;
using TradingEngine.Engine.Runtime;

namespace TradingEngine.Hosting.Observability;

/// <summary>
/// One executor's tick → output latency, off its thread: what <see cref="OutputLatencySampler"/> sampled is drained
/// here (by the metrics' collector every <see cref="LiveEngineMetrics.CollectInterval"/> and at each scrape) into an
/// HdrHistogram (3 significant digits, up to 60 s) for quantiles and into the fixed buckets of the Prometheus histogram.
/// Each sample stands for the outputs its event made, so the histogram's count is the outputs measured.
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

    private readonly OutputLatencySampler _sampler;
    private readonly LongHistogram _histogram = new(HighestTrackableNanos, 3);
    private readonly long[] _buckets = new long[BoundsSeconds.Length + 1];
    private double _sumSeconds;

    public LatencyHistogram(OutputLatencySampler sampler) => _sampler = sampler;

    public OutputLatencySampler Sampler => _sampler;

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
        var recorder = new Recorder(this);
        _sampler.Drain(ref recorder);
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
