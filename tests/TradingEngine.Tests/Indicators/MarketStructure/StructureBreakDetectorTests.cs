using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

public sealed class StructureBreakDetectorTests
{
    private static List<BreakEvent> Run(Candle[] bars, BreakMode mode = BreakMode.Close)
    {
        var d = StructureBreakDetector.Create(SwingDetector.Create(2), mode);
        var events = new List<BreakEvent>();
        foreach (var b in bars)
        {
            var f = d.Update(in b);
            if ((f & StructureBreakDetector.BrokeUp) != 0)
                events.Add(d.LastUp);
            if ((f & StructureBreakDetector.BrokeDown) != 0)
                events.Add(d.LastDown);
        }
        return events;
    }

    [Fact]
    public void The_golden_uptrend_has_higher_highs_and_higher_lows()
    {
        var d = StructureBreakDetector.Create(SwingDetector.Create(2));
        foreach (var b in StructureBars.Uptrend())
            d.Update(in b);
        Assert.Equal(SwingClassification.HigherHigh, d.Swings.LastHigh.Class);
        Assert.Equal(SwingClassification.HigherLow, d.Swings.LastLow.Class);
        Assert.Equal(1, d.Trend);
        var first = Assert.Single(Run(StructureBars.Uptrend()));
        Assert.Equal((StructureDirection.Bullish, BreakKind.BreakOfStructure, 8L, 2L), (first.Direction, first.Kind, first.EmittedIndex, first.SwingIndex));
    }

    [Fact]
    public void Golden_first_close_below_the_last_higher_low_is_a_choch()
    {
        var bars = StructureBars.With(StructureBars.Uptrend(), 15, 11, 12, 9, 9.75);
        var e = Run(bars).Last();
        Assert.Equal((StructureDirection.Bearish, BreakKind.ChangeOfCharacter), (e.Direction, e.Kind));
        Assert.Equal((StructureBars.Raw(10), StructureBars.Raw(9.75)), (e.LevelRaw, e.BreakPriceRaw));
        Assert.Equal((12L, 15L), (e.SwingIndex, e.EmittedIndex));
        Assert.Equal(StructureBars.Start + (12 * StructureBars.Minute), e.SwingTime);
    }

    [Fact]
    public void Golden_close_above_the_last_higher_high_is_a_bos()
    {
        var bars = StructureBars.With(StructureBars.Uptrend(), 15, 13.5, 15, 13.5, 14.25);
        var e = Run(bars).Last();
        Assert.Equal((StructureDirection.Bullish, BreakKind.BreakOfStructure), (e.Direction, e.Kind));
        Assert.Equal((9L, 15L), (e.SwingIndex, e.EmittedIndex));
    }

    [Fact]
    public void A_wick_through_breaks_only_in_wick_mode()
    {
        var bars = StructureBars.With(StructureBars.Uptrend(), 15, 13, 14.5, 13, 13.75);
        Assert.Single(Run(bars, BreakMode.Close));
        var e = Run(bars, BreakMode.Wick).Last();
        Assert.Equal((BreakKind.BreakOfStructure, StructureBars.Raw(14.5), 15L), (e.Kind, e.BreakPriceRaw, e.EmittedIndex));
        Assert.Single(Run(StructureBars.With(StructureBars.Uptrend(), 15, 13, 14, 13, 13.75), BreakMode.Wick));
    }

    [Fact]
    public void A_broken_level_is_spent_and_a_second_break_down_is_a_bos()
    {
        var bars = StructureBars.With(StructureBars.Uptrend(), 15, 11, 12, 9, 9.75);
        bars = StructureBars.With(bars, 16, 9.5, 9.75, 8.5, 9);
        var events = Run(bars);
        Assert.Single(events, e => e.Direction == StructureDirection.Bearish);
        // After the CHoCH the trend is down; a new swing low and its break continue it (BOS down).
        var more = bars.ToList();
        foreach (var (h, l) in new[] { (10.0, 9.0), (11.0, 10.0), (10.0, 9.0), (9.0, 8.0), (8.0, 7.0) })
            more.Add(StructureBars.Bar(more.Count, (h + l) / 2, h, l, (h + l) / 2));
        var last = Run(more.ToArray()).Last();
        Assert.Equal((StructureDirection.Bearish, BreakKind.BreakOfStructure), (last.Direction, last.Kind));
    }
}
