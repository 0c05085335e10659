using TradingEngine.Journal.Continuous;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Replay;

/// <summary>What a <c>--continuous</c> replay adds to its summary: the rolls, and the events and rolls the series left out, by reason.</summary>
internal static class ContinuousReplay
{
    public static string InputText(ContinuousJournal? continuous) => continuous is null
        ? ""
        : $" continuous from its contracts, {continuous.Activity.Root.Roll}, {continuous.Schedule.Rolls.Count} roll(s)";

    public static ReplaySummary Into(ReplaySummary summary, ContinuousJournal? continuous)
    {
        if (continuous is null)
            return summary;
        var series = continuous.Series;
        var rolls = continuous.Schedule.Rolls.Select((r, i) =>
            $"{r} at {(series.RollTimes[i] == 0 ? "(not reached)" : UtcNanos.ToIso8601(series.RollTimes[i]))}").ToList();
        var drops = series.Dropped.Concat(continuous.Schedule.Deferred)
            .Select(d => new ReplayDrop(d.Reason, d.Count, d.Examples, Refused: false));
        return summary with { Rolls = rolls, Drops = [.. summary.Drops, .. drops] };
    }
}
