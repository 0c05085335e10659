using TradingEngine.Configuration;
using TradingEngine.Types;

namespace TradingEngine.Journal.Continuous;

/// <summary>
/// A continuous series over a journal: the first pass (<see cref="ContractActivity"/>, its own reader and symbols), the
/// <see cref="RollSchedule"/>, and the <see cref="ContinuousSeries"/> the replay reads its second pass through.
/// </summary>
public sealed class ContinuousJournal
{
    private ContinuousJournal(ContractActivity activity, RollSchedule schedule, ContinuousSeries series)
    {
        Activity = activity;
        Schedule = schedule;
        Series = series;
    }

    public ContractActivity Activity { get; }
    public RollSchedule Schedule { get; }
    public ContinuousSeries Series { get; }

    /// <summary>
    /// Scans <paramref name="directory"/> for the contracts of <paramref name="options"/>' root and decides its rolls.
    /// <paramref name="series"/> is the root's id in <paramref name="symbols"/>, the registry the second pass reads into.
    /// </summary>
    public static ContinuousJournal Open(string directory, ContinuousOptions options, string instrumentsPath, SymbolId series, SymbolRegistry symbols, bool skipCorrupt)
    {
        var scratch = new SymbolRegistry();
        var registry = InstrumentRegistry.Load(instrumentsPath, scratch);
        if (!registry.TryGet(options.Root, out var root) || root.Root != root.Symbol)
            throw new ArgumentException($"--continuous {options.Root}: not a root of {instrumentsPath} (roots with roll: are {string.Join(", ", registry.Instruments.Where(i => i.Roll is not null).Select(i => i.Symbol))})");
        if (root.Roll is null)
            throw new ArgumentException($"--continuous {options.Root}: {instrumentsPath} gives it no roll: (months, rule, expiry); see docs/rolls.md");
        var activity = new ContractActivity(root, scratch);
        using (var scan = new JournalReader(directory, scratch, skipCorrupt: skipCorrupt))
        {
            while (scan.TryRead(out var e))
                activity.Observe(in e);
        }
        if (activity.Events == 0)
            throw new ArgumentException($"--continuous {options.Root}: journal {directory} holds no trade or candle of a {options.Root} contract in the cycle {root.Roll.Months} (it holds: {string.Join(", ", scratch.Names)})");
        var oi = options.OpenInterestPath is { } path ? OpenInterestTable.Load(path) : null;
        var schedule = RollSchedule.Build(activity, oi);
        return new ContinuousJournal(activity, schedule, new ContinuousSeries(activity, schedule, options.Adjustment, series, symbols));
    }
}
