using System.Globalization;

namespace TradingEngine.Engine.Runtime;

/// <summary>One reading of <see cref="ExecutorCounters"/>; two readings give rates.</summary>
public readonly record struct CounterSample(
    long TakenAtMs,
    long Events,
    long Ticks,
    long Quotes,
    long Candles,
    long Timers,
    long Gaps,
    long LostMessages,
    long NodeFailures,
    long EventFailures,
    long UnknownSymbols,
    long RingOccupancy,
    long Batches,
    long SkipMarkers = 0)
{
    /// <summary>
    /// One log line: <c>events 10.2M/s ticks 9.8M/s ring 12 failures node 0 event 0 gaps 0 (lost 0) unknown 0</c>,
    /// rates over the time since <paramref name="previous"/>.
    /// </summary>
    public string FormatLine(in CounterSample previous)
    {
        var seconds = Math.Max(1, TakenAtMs - previous.TakenAtMs) / 1000.0;
        return string.Create(CultureInfo.InvariantCulture,
            $"events {Rate(Events - previous.Events, seconds)}/s ticks {Rate(Ticks - previous.Ticks, seconds)}/s ring {RingOccupancy} " +
            $"failures node {NodeFailures} event {EventFailures} gaps {Gaps} (lost {LostMessages}) unknown {UnknownSymbols}");
    }

    private static string Rate(long delta, double seconds)
    {
        var r = delta / seconds;
        return r >= 1e6 ? (r / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M"
             : r >= 1e3 ? (r / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + "k"
             : r.ToString("0", CultureInfo.InvariantCulture);
    }
}
