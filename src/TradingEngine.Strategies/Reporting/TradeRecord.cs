using TradingEngine.Types;

namespace TradingEngine.Strategies.Reporting;

/// <summary>
/// One round trip of one strategy, rebuilt from its PositionUpdates: entry at the fill that left flat, exit at the
/// fill that returned to flat; <see cref="Pnl"/> = realized PnL after the exit − realized PnL before the entry
/// (commissions of both fills included).
/// </summary>
public sealed record TradeRecord(
    string Strategy,
    int NodeId,
    PositionSide Side,
    long EntryTime,
    double EntryPrice,
    long ExitTime,
    double ExitPrice,
    double Quantity,
    double Pnl,
    SignalReason EntryReason,
    SignalReason ExitReason)
{
    /// <summary>The symbol traded.</summary>
    public string Symbol { get; init; } = "";
}
