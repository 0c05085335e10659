using System.Globalization;

namespace TradingEngine.Cli.Commands;

/// <summary>What a replay prints: counts, throughput and the output hash (the line tests and users compare).</summary>
public sealed record ReplaySummary(string Input, long Events, long Ticks, long Timers, TimeSpan Elapsed, ulong OutputHash)
{
    public string HashText => $"xxh64:{OutputHash:x16}";

    public void Print(TextWriter writer)
    {
        var inv = CultureInfo.InvariantCulture;
        writer.WriteLine($"replay: {Input}");
        writer.WriteLine(string.Create(inv, $"events: {Events} (ticks {Ticks}, timers {Timers})"));
        var seconds = Math.Max(Elapsed.TotalSeconds, 1e-9);
        writer.WriteLine(string.Create(inv, $"elapsed: {Elapsed.TotalMilliseconds:F1} ms ({Events / seconds:F0} events/s)"));
        writer.WriteLine($"output hash: {HashText}");
    }
}
