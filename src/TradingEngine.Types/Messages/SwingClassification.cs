namespace TradingEngine.Types;

/// <summary>
/// A swing compared with the previous swing of the same side: higher/lower, or equal within the node's tolerance
/// (docs/market_structure.md §2). The one classification: the swing detector computes it, SwingPoint carries it.
/// <see cref="None"/> when there is no previous swing of that side (omitted from JSON).
/// </summary>
public enum SwingClassification : byte
{
    None = 0,
    HigherHigh = 1,
    LowerHigh = 2,
    EqualHigh = 3,
    HigherLow = 4,
    LowerLow = 5,
    EqualLow = 6,
}
