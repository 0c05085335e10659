namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// How a confirmed swing compares with the previous swing of the same side (docs/market_structure.md §2).
/// <see cref="First"/> when there is no previous swing of that side yet.
/// </summary>
public enum SwingClass : byte
{
    First = 0,
    HigherHigh = 1,
    LowerHigh = 2,
    EqualHigh = 3,
    HigherLow = 4,
    LowerLow = 5,
    EqualLow = 6,
}
