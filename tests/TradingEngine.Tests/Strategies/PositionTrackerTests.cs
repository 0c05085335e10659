using TradingEngine.Strategies.Positions;
using TradingEngine.Tests.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Strategies;

public sealed class PositionTrackerTests
{
    // ES-like: precision 2, one tick (0.25) of slippage, 2.5 per contract per fill, 50 per point.
    private static PositionTracker Es() => PositionTracker.Create(0.25, 2.5, 50, 2);

    private static long R(double price) => StructureBars.Raw(price);

    [Fact]
    public void An_entry_fills_at_the_next_tick_plus_slippage_and_pays_commission()
    {
        var t = Es();
        Assert.True(t.SubmitEntry(PositionSide.Long, 2, R(99), R(104)));
        Assert.Equal(PositionSide.Flat, t.Side);
        Assert.Equal(1, t.OnTick(10, R(100)));
        var f = t.Fills[0];
        Assert.Equal((FillReason.Entry, R(100.25), 2L, PositionSide.Long), (f.Reason, f.PriceRaw, f.Quantity, f.Side));
        Assert.Equal(100.25, t.AveragePrice);
        Assert.Equal(-5.0, t.RealizedPnl);
        // 1.75 points × 2 × 50 open at 102.
        Assert.Equal(175.0, t.Unrealized(R(102)));
    }

    [Fact]
    public void Target_fills_at_its_price_and_stop_at_the_trade_minus_slippage()
    {
        var t = Es();
        t.SubmitEntry(PositionSide.Long, 2, R(99), R(104));
        t.OnTick(1, R(100));
        Assert.Equal(0, t.OnTick(2, R(103.75)));
        Assert.Equal(1, t.OnTick(3, R(104.5)));
        Assert.Equal((FillReason.Target, R(104)), (t.Fills[0].Reason, t.Fills[0].PriceRaw));
        // (104 − 100.25) × 2 × 50 − 2 fills × 2 × 2.5 = 375 − 10.
        Assert.Equal(365.0, t.RealizedPnl);
        Assert.Equal(PositionSide.Flat, t.Side);

        var s = Es();
        s.SubmitEntry(PositionSide.Short, 1, R(101), R(96));
        s.OnTick(1, R(100));
        Assert.Equal(R(99.75), s.Fills[0].PriceRaw);
        s.OnTick(2, R(101.25));
        Assert.Equal((FillReason.Stop, R(101.5)), (s.Fills[0].Reason, s.Fills[0].PriceRaw));
        // (99.75 − 101.5) × 1 × 50 − 2 × 2.5.
        Assert.Equal(-92.5, s.RealizedPnl);
    }

    [Fact]
    public void Entries_are_refused_unless_flat_with_nothing_pending_and_exits_unless_open()
    {
        var t = Es();
        Assert.False(t.SubmitExit());
        Assert.True(t.SubmitEntry(PositionSide.Long, 1, R(99), R(104)));
        Assert.False(t.SubmitEntry(PositionSide.Short, 1, R(101), R(96)));
        t.OnTick(1, R(100));
        Assert.False(t.SubmitEntry(PositionSide.Long, 1, R(99), R(104)));
        Assert.True(t.SubmitExit());
        Assert.Equal(1, t.OnTick(2, R(101)));
        Assert.Equal((FillReason.Exit, R(100.75)), (t.Fills[0].Reason, t.Fills[0].PriceRaw));
        Assert.Equal((100.75 - 100.25) * 50 - 5, t.RealizedPnl);
    }

    [Fact]
    public void On_bars_a_pending_order_fills_at_the_open_and_the_stop_wins_a_bar_that_reaches_both()
    {
        var t = Es();
        t.SubmitEntry(PositionSide.Long, 1, R(99), R(104));
        var bar = StructureBars.Bar(0, 100, 105, 98, 101);
        Assert.Equal(2, t.OnBar(in bar));
        Assert.Equal((FillReason.Entry, R(100.25)), (t.Fills[0].Reason, t.Fills[0].PriceRaw));
        Assert.Equal((FillReason.Stop, R(98.75)), (t.Fills[1].Reason, t.Fills[1].PriceRaw));
        Assert.Equal(bar.CloseTime, t.Fills[1].Time);

        var g = Es();
        g.SubmitEntry(PositionSide.Long, 1, R(99), R(104));
        var first = StructureBars.Bar(0, 100, 101, 99.5, 100.5);
        g.OnBar(in first);
        // Opens through the target: the limit fills at the better open.
        var gap = StructureBars.Bar(1, 105, 106, 104.5, 105.5);
        Assert.Equal(1, g.OnBar(in gap));
        Assert.Equal((FillReason.Target, R(105)), (g.Fills[0].Reason, g.Fills[0].PriceRaw));
    }
}
