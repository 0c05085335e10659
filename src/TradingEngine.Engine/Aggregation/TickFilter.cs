namespace TradingEngine.Engine.Aggregation;

/// <summary>
/// Which prints a <see cref="CandleAggregator"/> takes in, and which of them may set prices.
/// A print with any bit of <see cref="VolumeOnlyConditions"/> in its <see cref="TradingEngine.Types.Tick.Conditions"/>
/// adds to volume and tick count but never sets open, high, low or close (the consolidated-tape practice for
/// odd lots, out-of-sequence and extended-hours prints: see docs/aggregation.md for the rule measured on real data).
/// </summary>
public readonly record struct TickFilter
{
    /// <summary>Drop prints the vendor flagged as suspicious (<see cref="TradingEngine.Types.TickFlags.Suspicious"/>) entirely.</summary>
    public bool ExcludeSuspicious { get; init; }

    /// <summary>Condition bits that make a print count for volume only.</summary>
    public uint VolumeOnlyConditions { get; init; }

    /// <summary>Every print counts for everything.</summary>
    public static TickFilter None => default;

    /// <summary>Suspicious prints dropped, every other print sets prices and volume.</summary>
    public static TickFilter Default => new() { ExcludeSuspicious = true };
}
