using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

public sealed class LiquidityDetectorTests
{
    private static List<LiquidityEvent> Run(Candle[] bars, double cluster = 0, bool closeBack = true)
    {
        var d = LiquidityDetector.Create(SwingDetector.Create(2), cluster, 0, closeBack);
        var events = new List<LiquidityEvent>();
        foreach (var b in bars)
        {
            d.Update(in b);
            events.AddRange(d.Events.ToArray());
        }
        return events;
    }

    /// <summary>Swing highs of 12 at bars 2 and 6 (confirmed at 4 and 8); a swing low of 9 at bar 4.</summary>
    private static Candle[] EqualHighs(double second = 12) => StructureBars.FromHighLow(
        (10, 9), (11, 10), (12, 11), (11, 10), (10, 9), (11, 10), (second, second - 1), (11, 10), (10, 9));

    [Fact]
    public void Two_equal_swing_highs_form_a_buy_side_level_at_the_second_confirmation()
    {
        var e = Assert.Single(Run(EqualHighs()));
        Assert.Equal((LiquiditySide.BuySide, ZoneState.Active, 2), (e.Side, e.State, e.Touches));
        Assert.Equal(StructureBars.Raw(12), e.PriceRaw);
        Assert.Equal((2L, 8L), (e.FormedIndex, e.EmittedIndex));
    }

    [Fact]
    public void Highs_apart_by_more_than_the_tolerance_are_no_level()
    {
        Assert.Empty(Run(EqualHighs(12.25)));
        var e = Assert.Single(Run(EqualHighs(12.25), cluster: 0.25));
        Assert.Equal(StructureBars.Raw(12.25), e.PriceRaw);
    }

    [Fact]
    public void Trading_through_and_closing_back_sweeps()
    {
        var bars = StructureBars.With(EqualHighs(), 9, 11, 12.5, 10.5, 11);
        var e = Run(bars).Last();
        Assert.Equal((ZoneState.Filled, 9L, 2), (e.State, e.EmittedIndex, e.Touches));
    }

    [Fact]
    public void Closing_beyond_breaks_when_close_back_is_required_and_sweeps_otherwise()
    {
        var bars = StructureBars.With(EqualHighs(), 9, 11, 13, 10.5, 12.5);
        Assert.Equal(ZoneState.Invalidated, Run(bars).Last().State);
        Assert.Equal(ZoneState.Filled, Run(bars, closeBack: false).Last().State);
    }

    [Fact]
    public void A_touch_at_the_level_is_no_sweep_and_a_single_swing_taken_out_emits_nothing()
    {
        Assert.Single(Run(StructureBars.With(EqualHighs(), 9, 11, 12, 10.5, 11)));
        // Only the first swing high exists when bar 5 trades through it: no level, no event.
        var bars = StructureBars.FromHighLow((10, 9), (11, 10), (12, 11), (11, 10), (10, 9), (12.5, 10), (11, 10));
        Assert.Empty(Run(bars));
    }

    [Fact]
    public void Equal_lows_form_a_sell_side_level_swept_from_above()
    {
        var bars = StructureBars.FromHighLow((13, 12), (12, 11), (11, 10), (12, 11), (13, 12), (12, 11), (11, 10), (12, 11), (13, 12));
        bars = StructureBars.With(bars, 9, 12, 12.5, 9.5, 11);
        var events = Run(bars);
        Assert.Equal([(LiquiditySide.SellSide, ZoneState.Active), (LiquiditySide.SellSide, ZoneState.Filled)], events.Select(e => (e.Side, e.State)));
    }
}
