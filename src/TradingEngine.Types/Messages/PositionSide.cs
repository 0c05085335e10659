namespace TradingEngine.Types;

public enum PositionSide : byte
{
    Flat = 0,
    Long = 1,
    Short = 2,
}
