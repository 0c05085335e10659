namespace TradingEngine.Types;

/// <summary>Resting liquidity: buy-side above equal highs (buy stops), sell-side below equal lows (sell stops).</summary>
public enum LiquiditySide : byte
{
    None = 0,
    BuySide = 1,
    SellSide = 2,
}
