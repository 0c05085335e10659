using TradingEngine.Types;

namespace TradingEngine.Strategies.Positions;

/// <summary>
/// One simulated fill and the position right after it: <see cref="Side"/>/<see cref="Quantity"/> (whole units),
/// <see cref="AveragePrice"/> and cumulative <see cref="RealizedPnl"/> (commissions included).
/// </summary>
internal readonly record struct Fill(
    long Time,
    FillReason Reason,
    long PriceRaw,
    long Quantity,
    PositionSide Side,
    double AveragePrice,
    double RealizedPnl);
