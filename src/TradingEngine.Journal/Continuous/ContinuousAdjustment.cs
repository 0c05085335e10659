namespace TradingEngine.Journal.Continuous;

/// <summary>How a continuous futures series joins its contracts (<c>te replay --adjust</c>).</summary>
public enum ContinuousAdjustment : byte
{
    /// <summary><c>none</c>: each contract's own prices (a jump at each roll); what a live run sees.</summary>
    None = 0,
    /// <summary>
    /// <c>difference</c>: every price before a roll moves by (new − old) of that roll, so the series has no jump and each
    /// bar-to-bar difference (and a position's P&amp;L in points) is the contract's own; old prices can turn negative.
    /// </summary>
    Difference = 1,
    /// <summary><c>ratio</c>: every price before a roll is multiplied by new / old (rounded to the price precision), so returns are kept.</summary>
    Ratio = 2,
}
