using TradingEngine.Strategies;
using TradingEngine.Types;

namespace TradingEngine.Tests.Strategies;

public sealed class RiskPlanTests
{
    [Fact]
    public void Size_is_the_whole_units_the_risk_budget_buys_and_the_target_is_r_multiples_away()
    {
        // Entry 100.00, stop 98.50: 1.5 points × 50 = 75 per contract; 500 / 75 = 6.67 → 6.
        Assert.True(RiskPlan.TryCreate(PositionSide.Long, 10_000, 9_850, 25, 2, 2.0, 500, 50, 100, out var plan));
        Assert.Equal((6L, 10_300L, 2.0), (plan.Quantity, plan.TargetRaw, plan.RMultiple));

        // Short, 1.1 points of risk, 1.5 R = 1.65 points → rounded up to 1.75 (whole ticks): R becomes 1.75 / 1.1.
        Assert.True(RiskPlan.TryCreate(PositionSide.Short, 10_000, 10_110, 25, 2, 1.5, 1000, 50, 3, out plan));
        Assert.Equal((3L, 9_825L), (plan.Quantity, plan.TargetRaw));
        Assert.Equal(175.0 / 110.0, plan.RMultiple);
    }

    [Fact]
    public void A_stop_on_the_wrong_side_or_a_budget_below_one_unit_is_no_trade()
    {
        Assert.False(RiskPlan.TryCreate(PositionSide.Long, 10_000, 10_000, 25, 2, 2, 500, 50, 10, out _));
        Assert.False(RiskPlan.TryCreate(PositionSide.Short, 10_000, 9_900, 25, 2, 2, 500, 50, 10, out _));
        Assert.False(RiskPlan.TryCreate(PositionSide.Long, 10_000, 8_000, 25, 2, 2, 99, 50, 10, out _));
    }
}
