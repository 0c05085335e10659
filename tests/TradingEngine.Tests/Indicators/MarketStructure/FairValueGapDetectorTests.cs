using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

public sealed class FairValueGapDetectorTests
{
    private static List<FvgEvent> Run(Candle[] bars, FairValueGapDetector? detector = null)
    {
        var d = detector ?? FairValueGapDetector.Create();
        var events = new List<FvgEvent>();
        foreach (var b in bars)
        {
            d.Update(in b);
            events.AddRange(d.Events.ToArray());
        }
        return events;
    }

    private static Candle[] Golden() => StructureBars.FromLowHigh((9, 10), (10.5, 12), (11, 13));

    [Fact]
    public void Golden_bullish_gap_10_to_11_emitted_at_bar_2()
    {
        var e = Assert.Single(Run(Golden()));
        Assert.Equal(StructureDirection.Bullish, e.Direction);
        Assert.Equal(ZoneState.Active, e.State);
        Assert.Equal((StructureBars.Raw(11), StructureBars.Raw(10)), (e.TopRaw, e.BottomRaw));
        Assert.Equal(2, e.EmittedIndex);
        Assert.Equal(1, e.FormedIndex);
        Assert.Equal(StructureBars.Start + StructureBars.Minute, e.FormedTime);
    }

    [Fact]
    public void Golden_low_of_10_5_partially_fills_then_9_9_fills()
    {
        var bars = StructureBars.With(Golden(), 3, 11.5, 12, 10.5, 11.5);
        bars = StructureBars.With(bars, 4, 10.5, 11, 9.9, 10.5);
        var events = Run(bars);
        Assert.Equal([ZoneState.Active, ZoneState.PartiallyFilled, ZoneState.Filled], events.Select(e => e.State));
        Assert.Equal([2L, 3L, 4L], events.Select(e => e.EmittedIndex));
        Assert.All(events, e => Assert.Equal(1, e.FormedIndex));
    }

    [Fact]
    public void Close_below_the_bottom_invalidates()
    {
        var bars = StructureBars.With(Golden(), 3, 11, 11, 9.5, 9.75);
        Assert.Equal([ZoneState.Active, ZoneState.Invalidated], Run(bars).Select(e => e.State));
    }

    [Fact]
    public void A_touch_of_the_top_is_not_a_fill_and_a_resolved_gap_emits_nothing_more()
    {
        var bars = StructureBars.With(Golden(), 3, 11.5, 12, 11, 11.5);
        Assert.Single(Run(bars));
        bars = StructureBars.With(bars, 4, 10.5, 11.5, 9.5, 10);
        bars = StructureBars.With(bars, 5, 10.5, 11.5, 9, 9.5);
        Assert.Equal([ZoneState.Active, ZoneState.Filled], Run(bars).Select(e => e.State));
    }

    [Fact]
    public void Bearish_gap_mirrors()
    {
        var bars = StructureBars.FromLowHigh((12, 13), (10, 12.5), (9, 11));
        var e = Assert.Single(Run(bars));
        Assert.Equal(StructureDirection.Bearish, e.Direction);
        Assert.Equal((StructureBars.Raw(12), StructureBars.Raw(11)), (e.TopRaw, e.BottomRaw));
        bars = StructureBars.With(bars, 3, 10, 11.5, 9.5, 10);
        bars = StructureBars.With(bars, 4, 11, 12.25, 10.5, 11);
        Assert.Equal([ZoneState.Active, ZoneState.PartiallyFilled, ZoneState.Filled], Run(bars).Select(x => x.State));
    }

    [Fact]
    public void Touching_candles_are_no_gap_and_minimum_size_filters()
    {
        Assert.Empty(Run(StructureBars.FromLowHigh((9, 10), (10, 12), (10, 13))));
        Assert.Empty(Run(Golden(), FairValueGapDetector.Create(minSize: 1.01)));
        Assert.Single(Run(Golden(), FairValueGapDetector.Create(minSize: 1.0)));
    }

    [Fact]
    public void Gaps_expire_silently_after_max_age_bars()
    {
        var bars = Golden().ToList();
        for (var i = 3; i < 8; i++)
            bars.Add(StructureBars.Bar(i, 12, 12.5, 11.5, 12));
        bars.Add(StructureBars.Bar(8, 11, 12, 9, 10.5));
        var d = FairValueGapDetector.Create(maxAge: 5);
        Assert.Single(Run(bars.ToArray(), d));
        Assert.Equal([ZoneState.Active, ZoneState.Filled], Run(bars.ToArray(), FairValueGapDetector.Create(maxAge: 7)).Select(e => e.State));
    }
}
