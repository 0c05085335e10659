namespace TradingEngine.Types;

/// <summary>The direction of a market-structure event: bullish (up) or bearish (down).</summary>
public enum StructureDirection : byte
{
    None = 0,
    Bullish = 1,
    Bearish = 2,
}
