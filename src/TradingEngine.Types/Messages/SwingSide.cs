namespace TradingEngine.Types;

/// <summary>A swing high (a bar whose high exceeds its neighbours') or a swing low.</summary>
public enum SwingSide : byte
{
    None = 0,
    High = 1,
    Low = 2,
}
