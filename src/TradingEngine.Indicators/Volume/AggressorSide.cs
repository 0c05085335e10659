namespace TradingEngine.Indicators.Volume;

/// <summary>Which side initiated a trade. The numeric value is the sign the trade contributes to delta.</summary>
internal enum AggressorSide : sbyte
{
    /// <summary>Not known (no feed side, no usable quote, and no earlier price to compare with).</summary>
    Unknown = 0,
    /// <summary>The buyer lifted the ask.</summary>
    Buy = 1,
    /// <summary>The seller hit the bid.</summary>
    Sell = -1,
}
