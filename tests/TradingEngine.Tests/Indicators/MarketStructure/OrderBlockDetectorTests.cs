using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

public sealed class OrderBlockDetectorTests
{
    private static List<OrderBlockEvent> Run(Candle[] bars, int lookback = 10)
    {
        var d = OrderBlockDetector.Create(StructureBreakDetector.Create(SwingDetector.Create(2)), lookback);
        var events = new List<OrderBlockEvent>();
        foreach (var b in bars)
        {
            d.Update(in b);
            events.AddRange(d.Events.ToArray());
        }
        return events;
    }

    /// <summary>The golden uptrend with bar 5 bearish (open 9, close 8.25) and bars 6, 7 bullish: the BOS at bar 8 makes bar 5 the block.</summary>
    private static Candle[] WithBearishOrigin()
    {
        var bars = StructureBars.Uptrend();
        bars = StructureBars.With(bars, 5, 9, 9, 8, 8.25);
        bars = StructureBars.With(bars, 6, 9, 10, 9, 9.75);
        bars = StructureBars.With(bars, 7, 10, 11, 10, 10.75);
        return bars;
    }

    [Fact]
    public void Bos_up_makes_the_last_bearish_candle_a_fresh_bullish_block()
    {
        var e = Assert.Single(Run(WithBearishOrigin()));
        Assert.Equal((StructureDirection.Bullish, ZoneState.Active), (e.Direction, e.State));
        Assert.Equal((StructureBars.Raw(9), StructureBars.Raw(8)), (e.TopRaw, e.BottomRaw));
        Assert.Equal((5L, 8L), (e.OriginIndex, e.EmittedIndex));
        Assert.Equal(StructureBars.Start + (5 * StructureBars.Minute), e.OriginTime);
    }

    [Fact]
    public void No_opposite_candle_in_the_lookback_no_block()
    {
        Assert.Empty(Run(StructureBars.Uptrend()));
        Assert.Empty(Run(WithBearishOrigin(), lookback: 2));
        Assert.Single(Run(WithBearishOrigin(), lookback: 3));
    }

    [Fact]
    public void Return_into_the_zone_mitigates_and_a_close_below_invalidates()
    {
        var bars = StructureBars.With(WithBearishOrigin(), 15, 11, 12, 8.75, 9.5);
        bars = StructureBars.With(bars, 16, 9.5, 9.75, 7.5, 7.75);
        var events = Run(bars).Where(e => e.OriginIndex == 5).ToList();
        Assert.Equal([ZoneState.Active, ZoneState.Filled, ZoneState.Invalidated], events.Select(e => e.State));
        Assert.Equal([8L, 15L, 16L], events.Select(e => e.EmittedIndex));
    }

    [Fact]
    public void Choch_down_makes_the_last_bullish_candle_a_bearish_block()
    {
        var bars = StructureBars.Uptrend();
        bars = StructureBars.With(bars, 13, 11, 12, 11, 11.75);
        bars = StructureBars.With(bars, 15, 11, 12, 9, 9.75);
        var e = Run(bars).Last();
        Assert.Equal((StructureDirection.Bearish, ZoneState.Active, 13L, 15L), (e.Direction, e.State, e.OriginIndex, e.EmittedIndex));
        Assert.Equal((StructureBars.Raw(12), StructureBars.Raw(11)), (e.TopRaw, e.BottomRaw));
    }
}
