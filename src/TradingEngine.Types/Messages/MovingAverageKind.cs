namespace TradingEngine.Types;

public enum MovingAverageKind : byte
{
    None = 0,
    Sma = 1,
    Ema = 2,
    Wma = 3,
}
