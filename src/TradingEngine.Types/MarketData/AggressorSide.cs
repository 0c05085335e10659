namespace TradingEngine.Types;

/// <summary>Which side initiated a trade: the buyer lifting the ask, or the seller hitting the bid.</summary>
public enum AggressorSide : byte
{
    None = 0,
    Buy = 1,
    Sell = 2,
}
