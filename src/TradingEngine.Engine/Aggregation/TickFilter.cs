namespace TradingEngine.Engine.Aggregation;

/// <summary>
/// Which prints a <see cref="CandleAggregator"/> takes in, and which of them may set prices. A print is
/// <em>volume-only</em> when its <see cref="TradingEngine.Types.Tick.Conditions"/> has a bit of
/// <see cref="VolumeOnlyConditions"/> and none of <see cref="VolumeOnlyExemptions"/>: it adds to volume and tick count
/// but does not set open, high, low or close (the consolidated tape's practice for sweeps, average-price and
/// derivatively priced prints). If every print of a bar is volume-only, the bar takes their prices rather than
/// having none. docs/aggregation.md has the rule measured against vendor bars.
/// </summary>
public readonly record struct TickFilter
{
    /// <summary>AlgoSeek/Lean condition bits (QuantConnect's <c>TradeConditionFlags</c>).</summary>
    public const uint IntermarketSweep = 0x20;
    public const uint DerivativelyPriced = 0x200;
    public const uint FormT = 0x400;
    public const uint ExtendedHours = 0x2000;
    public const uint AveragePrice = 0x10_0000;

    /// <summary>Drop prints the vendor flagged as suspicious (<see cref="TradingEngine.Types.TickFlags.Suspicious"/>) entirely.</summary>
    public bool ExcludeSuspicious { get; init; }

    /// <summary>Condition bits that make a print count for volume only.</summary>
    public uint VolumeOnlyConditions { get; init; }

    /// <summary>Condition bits that keep a print price-setting even when it has a volume-only bit.</summary>
    public uint VolumeOnlyExemptions { get; init; }

    /// <summary>Every print counts for everything.</summary>
    public static TickFilter None => default;

    /// <summary>Suspicious prints dropped, every other print sets prices and volume.</summary>
    public static TickFilter Default => new() { ExcludeSuspicious = true };

    /// <summary>
    /// The rule that reproduces AlgoSeek's (Lean's) US equity minute bars in 99.6 % of minutes (docs/aggregation.md):
    /// intermarket sweeps, average-price and derivatively priced prints do not set prices during regular hours; every
    /// extended-hours print (condition 0x2000) does; suspicious prints are dropped.
    /// </summary>
    public static TickFilter AlgoSeekUsEquity => new()
    {
        ExcludeSuspicious = true,
        VolumeOnlyConditions = IntermarketSweep | AveragePrice | DerivativelyPriced,
        VolumeOnlyExemptions = ExtendedHours,
    };

    /// <summary>True when a print with <paramref name="conditions"/> may set prices.</summary>
    public bool SetsPrice(uint conditions) =>
        (conditions & VolumeOnlyConditions) == 0 || (conditions & VolumeOnlyExemptions) != 0;
}
