using System.Globalization;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Replay;

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

    /// <summary>Every reason an input event was refused or left out, with its count and first examples (empty: none).</summary>
    public IReadOnlyList<ReplayDrop> Drops { get; init; } = [];

    /// <summary>The contract rolls of a <c>--continuous</c> replay, one line each (empty: none).</summary>
    public IReadOnlyList<string> Rolls { get; init; } = [];

    /// <summary>Rows of <c>--csv</c> files the import rejected (they never became events; listed in <see cref="Drops"/> too).</summary>
    public long ImportRejected { get; init; }

    /// <summary>Input events the engine took: in the window, of a selected symbol, not refused by the aggregation.</summary>
    public long Accepted => Events - Drops.Where(d => d.Refused).Sum(d => d.Count);

    /// <summary>Everything the replay emitted: candles, messages, signals and node outputs.</summary>
    public long Outputs => Candles + Messages + Signals + NumericOutputs;

    /// <summary>
    /// Why a replay that had input produced nothing (every event refused, or no output at all), naming the likely
    /// cause; null when it did produce output or had no input. <c>te replay</c> exits non-zero with it.
    /// </summary>
    public string? EmptyRunCause
    {
        get
        {
            var input = Events + Skipped + ImportRejected;
            if (input == 0 || (Accepted > 0 && Outputs > 0))
                return null;
            var main = Drops.OrderByDescending(d => d.Count).FirstOrDefault()
                       ?? (Skipped > 0 && Events == 0 ? new ReplayDrop("outside --from/--to", Skipped, [], Refused: true) : null);
            var what = Accepted == 0 ? $"every one of {input} input events was refused or left out" : $"{input} input events gave no output";
            return main is null
                ? $"{what}: the pipeline has no node these events reach (does it read candles of a timeframe the input has?)"
                : $"{what}; most were {main.Reason} ({main.Count}{(main.Examples.Count > 0 ? ", e.g. " + main.Examples[0] : "")})";
        }
    }
    /// <summary>Per-strategy results when the pipeline has strategies (null otherwise).</summary>
    public BacktestReport? Report { get; init; }

    /// <summary>Where <c>--report</c> wrote report.json, trades.csv and report.html (null: not written).</summary>
    public string? ReportDirectory { get; init; }

    public string HashText => $"xxh64:{OutputHash:x16}";

    public void Print(TextWriter writer)
    {
        var inv = CultureInfo.InvariantCulture;
        var seconds = Math.Max(Elapsed.TotalSeconds, 1e-9);
        writer.WriteLine($"replay: {Input}");
        if (Events > 0)
            writer.WriteLine($"span: {UtcNanos.ToIso8601(FirstEventTime)} .. {UtcNanos.ToIso8601(LastEventTime)}");
        writer.WriteLine(string.Create(inv, $"events: {Events} (ticks {Ticks}, quotes {Quotes}, candles {CandlesIn}, timers {Timers}, gaps {Gaps}{(Skipped > 0 ? $", {Skipped} outside --from/--to" : "")})"));
        writer.WriteLine(string.Create(inv, $"accepted: {Accepted} of {Events}{(Drops.Count == 0 ? ", nothing refused or left out" : "")}"));
        foreach (var drop in Drops)
            writer.WriteLine(string.Create(inv, $"  {drop.Reason}: {drop.Count}{(drop.Examples.Count > 0 ? "; first: " + string.Join("; ", drop.Examples) : "")}"));
        foreach (var roll in Rolls)
            writer.WriteLine($"roll: {roll}");
        writer.WriteLine(string.Create(inv, $"outputs: candles {Candles} ({EndOfDataCandles} closed by end of data), messages {Messages}, signals {Signals}, node outputs {NumericOutputs}, node failures {NodeFailures}"));
        writer.WriteLine(string.Create(inv, $"elapsed: {Elapsed.TotalMilliseconds:F1} ms ({Ticks / seconds:F0} ticks/s, {Events / seconds:F0} events/s)"));
        if (Report is { Strategies.Count: > 0 })
            Report.WriteText(writer);
        if (Warning is not null)
            writer.WriteLine($"warning: {Warning}");
        if (ReportDirectory is not null)
            writer.WriteLine($"report: {Path.GetFullPath(Path.Combine(ReportDirectory, "report.json"))}, trades.csv; tearsheet (open in a browser): {Path.GetFullPath(Path.Combine(ReportDirectory, "report.html"))}");
        writer.WriteLine($"output hash: {HashText}");
    }
}
