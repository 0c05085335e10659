using TradingEngine.Types;

namespace TradingEngine.Strategies;

/// <summary>
/// Sizing of one trade (docs/strategies.md §4): risk per unit = |entry − stop| × point value; quantity =
/// floor(risk per trade / risk per unit), capped at max quantity; target = entry ± target R × |entry − stop| rounded
/// up to whole ticks away from the entry; <see cref="RMultiple"/> is the planned reward / risk after that rounding.
/// </summary>
internal readonly record struct RiskPlan(PositionSide Side, long EntryRaw, long StopRaw, long TargetRaw, long Quantity, double RMultiple)
{
    /// <summary>Plans a trade; false when the stop is on the wrong side or not even one unit fits the risk budget.</summary>
    public static bool TryCreate(PositionSide side, long entryRaw, long stopRaw, long tickRaw, int precision, double targetR, double riskPerTrade, double pointValue, long maxQuantity, out RiskPlan plan)
    {
        plan = default;
        var distance = side == PositionSide.Long ? entryRaw - stopRaw : stopRaw - entryRaw;
        if (distance <= 0 || tickRaw <= 0)
            return false;
        var riskPerUnit = FixedPoint.ToDouble(distance, precision) * pointValue;
        var quantity = (long)Math.Floor(riskPerTrade / riskPerUnit);
        if (quantity < 1)
            return false;
        quantity = Math.Min(quantity, maxQuantity);
        var reward = (long)Math.Ceiling(targetR * distance / tickRaw) * tickRaw;
        var target = side == PositionSide.Long ? entryRaw + reward : entryRaw - reward;
        if (target <= 0)
            return false;
        plan = new RiskPlan(side, entryRaw, stopRaw, target, quantity, (double)reward / distance);
        return true;
    }
}
