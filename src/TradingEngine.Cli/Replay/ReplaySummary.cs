using System.Globalization;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Types;

namespace TradingEngine.Cli.Replay;

/// <summary>What a replay prints: input counts, output counts, throughput and the output hash (the line tests and users compare).</summary>
public sealed record ReplaySummary
{
    public required string Input { get; init; }
    public long Events { get; init; }
    public long Ticks { get; init; }
    public long Quotes { get; init; }
    public long CandlesIn { get; init; }
    public long Timers { get; init; }
    public long Gaps { get; init; }
    public long Skipped { get; init; }
    public long FirstEventTime { get; init; }
    public long LastEventTime { get; init; }
    public TimeSpan Elapsed { get; init; }
    public long Candles { get; init; }
    /// <summary>Of <see cref="Candles"/>, those the end of the input closed (flagged end_of_data).</summary>
    public long EndOfDataCandles { get; init; }
    public long Messages { get; init; }
    public long NumericOutputs { get; init; }
    public long Signals { get; init; }
    public long NodeFailures { get; init; }
    public ulong OutputHash { get; init; }
    public string? Warning { get; init; }
    /// <summary>Per-strategy results when the pipeline has strategies (null otherwise).</summary>
    public BacktestReport? Report { get; init; }

    public string HashText => $"xxh64:{OutputHash:x16}";

    public void Print(TextWriter writer)
    {
        var inv = CultureInfo.InvariantCulture;
        var seconds = Math.Max(Elapsed.TotalSeconds, 1e-9);
        writer.WriteLine($"replay: {Input}");
        if (Events > 0)
            writer.WriteLine($"span: {UtcNanos.ToIso8601(FirstEventTime)} .. {UtcNanos.ToIso8601(LastEventTime)}");
        writer.WriteLine(string.Create(inv, $"events: {Events} (ticks {Ticks}, quotes {Quotes}, candles {CandlesIn}, timers {Timers}, gaps {Gaps}{(Skipped > 0 ? $", {Skipped} outside --from/--to" : "")})"));
        writer.WriteLine(string.Create(inv, $"outputs: candles {Candles} ({EndOfDataCandles} closed by end of data), messages {Messages}, signals {Signals}, node outputs {NumericOutputs}, node failures {NodeFailures}"));
        writer.WriteLine(string.Create(inv, $"elapsed: {Elapsed.TotalMilliseconds:F1} ms ({Ticks / seconds:F0} ticks/s, {Events / seconds:F0} events/s)"));
        if (Report is { Strategies.Count: > 0 })
            Report.WriteText(writer);
        if (Warning is not null)
            writer.WriteLine($"warning: {Warning}");
        writer.WriteLine($"output hash: {HashText}");
    }
}
