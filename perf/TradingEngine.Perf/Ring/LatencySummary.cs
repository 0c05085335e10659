using HdrHistogram;

namespace TradingEngine.Perf.Ring;

/// <summary>Percentiles (ns) of one latency run.</summary>
public sealed record LatencySummary(string Name, long Count, long P50, long P90, long P99, long P999, long Max, double Mean)
{
    public static LatencySummary From(string name, HistogramBase histogram) => new(
        name,
        histogram.TotalCount,
        histogram.GetValueAtPercentile(50),
        histogram.GetValueAtPercentile(90),
        histogram.GetValueAtPercentile(99),
        histogram.GetValueAtPercentile(99.9),
        histogram.GetMaxValue(),
        Math.Round(histogram.GetMean(), 1));
}
