namespace TradingEngine.Indicators.MarketStructure;

/// <summary>What counts as breaking a swing level.</summary>
internal enum BreakMode : byte
{
    /// <summary>The bar closes strictly beyond the level.</summary>
    Close = 0,

    /// <summary>The bar's high (low) trades strictly beyond the level.</summary>
    Wick = 1,
}
