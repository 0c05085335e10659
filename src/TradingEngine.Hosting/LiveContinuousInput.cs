using TradingEngine.Journal.Continuous;
using TradingEngine.Types;

namespace TradingEngine.Hosting;

/// <summary>What <c>te run --continuous ROOT</c> needs of its options, and the live series it runs (docs/rolls.md "Live runs").</summary>
internal static class LiveContinuousInput
{
    /// <summary>The root of <paramref name="options"/> (null: not continuous); throws naming what conflicts with it.</summary>
    public static string? Check(NatsLiveEngineOptions options)
    {
        if (options.Continuous is not { } root)
            return null;
        string? conflict = options.Config is not null ? "--config (one executor runs the root's series: --pipeline with --symbols of its contracts)"
            : options.SnapshotDirectory is not null ? "--snapshots (the series' roll state is not in the snapshots yet)"
            : options.Recover ? "--recover (the series' roll state is not in the snapshots yet)"
            : options.WarmUp is not null ? "--warmup (a warm-up replays the journal without the series)"
            : null;
        if (conflict is not null)
            throw new ArgumentException($"--continuous {root}: cannot be combined with {conflict}");
        return root;
    }

    /// <summary>
    /// The live series of <paramref name="root"/>, the one symbol of <paramref name="engines"/>; resolves
    /// <paramref name="contracts"/> (the subscribed ones) in the instrument registry so ingestion takes their subjects.
    /// </summary>
    public static LiveContinuousSeries Series(string root, EngineSet engines, SymbolRegistry symbols, IReadOnlyList<string> contracts)
    {
        foreach (var contract in contracts)
        {
            // a contract of a listed root becomes an instrument of its own (the root's precision, session): the decoder takes it
            if (!engines.Instruments.TryResolve(contract, out _))
                throw new ArgumentException($"--continuous {root} --symbols: '{contract}' is not a futures contract of a root in the instrument registry (like {root}Z13)");
        }
        if (!engines.Instruments.TryGet(root, out var instrument) || instrument.Root != instrument.Symbol || instrument.Roll is null)
            throw new ArgumentException($"--continuous {root}: not a future root with a roll: in the instrument registry (roots with roll: are {string.Join(", ", engines.Instruments.Instruments.Where(i => i.Roll is not null).Select(i => i.Symbol))}); see docs/rolls.md");
        return new LiveContinuousSeries(instrument, symbols.GetOrAdd(root), symbols);
    }
}
