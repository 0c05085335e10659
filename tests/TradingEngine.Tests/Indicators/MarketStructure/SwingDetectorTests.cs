using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

public sealed class SwingDetectorTests
{
    private static List<SwingEvent> Run(Candle[] bars, int strength = 2, double equal = 0)
    {
        var d = SwingDetector.Create(strength, equal);
        var events = new List<SwingEvent>();
        foreach (var b in bars)
        {
            var f = d.Update(in b);
            if ((f & SwingDetector.HighConfirmed) != 0)
                events.Add(d.LastHigh);
            if ((f & SwingDetector.LowConfirmed) != 0)
                events.Add(d.LastLow);
        }
        return events;
    }

    private static Candle[] Highs(params double[] highs) => StructureBars.FromHighLow(highs.Select(h => (h, h - 1)).ToArray());

    [Fact]
    public void Golden_swing_high_at_bar_2_is_emitted_at_bar_4()
    {
        var e = Assert.Single(Run(Highs(10, 11, 13, 12, 11)));
        Assert.Equal(SwingSide.High, e.Side);
        Assert.Equal(SwingClassification.None, e.Class);
        Assert.Equal(StructureBars.Raw(13), e.PriceRaw);
        Assert.Equal(2, e.PivotIndex);
        Assert.Equal(4, e.EmittedIndex);
        Assert.Equal(StructureBars.Start + (2 * StructureBars.Minute), e.PivotTime);
        Assert.Equal(StructureBars.Start + (5 * StructureBars.Minute), e.EventTime);
    }

    [Fact]
    public void Golden_not_emitted_before_the_right_side_is_complete()
    {
        Assert.Empty(Run(Highs(10, 11, 13, 12)));
    }

    [Fact]
    public void Golden_later_swing_high_of_14_is_a_higher_high()
    {
        var highs = Run(Highs(10, 11, 13, 12, 11, 12, 14, 13, 12)).Where(e => e.Side == SwingSide.High).ToList();
        Assert.Equal(2, highs.Count);
        Assert.Equal(SwingClassification.HigherHigh, highs[1].Class);
        Assert.Equal((6L, 8L), (highs[1].PivotIndex, highs[1].EmittedIndex));
    }

    [Fact]
    public void Golden_later_swing_high_of_13_is_an_equal_high()
    {
        var highs = Run(Highs(10, 11, 13, 12, 11, 12, 13, 12, 11)).Where(e => e.Side == SwingSide.High).ToList();
        Assert.Equal(SwingClassification.EqualHigh, highs[1].Class);
    }

    [Fact]
    public void Equal_within_tolerance_but_higher_without_it()
    {
        var bars = Highs(10, 11, 13, 12, 11, 12, 13.25, 12, 11);
        Assert.Equal(SwingClassification.EqualHigh, Run(bars, equal: 0.25).Where(e => e.Side == SwingSide.High).Last().Class);
        Assert.Equal(SwingClassification.HigherHigh, Run(bars, equal: 0.24).Where(e => e.Side == SwingSide.High).Last().Class);
        Assert.Equal(SwingClassification.LowerHigh, Run(Highs(10, 11, 13, 12, 11, 12, 12.5, 12, 11)).Where(e => e.Side == SwingSide.High).Last().Class);
    }

    [Fact]
    public void Flat_top_pivots_on_its_first_bar()
    {
        var e = Assert.Single(Run(Highs(10, 11, 13, 13, 11, 10)), x => x.Side == SwingSide.High);
        Assert.Equal(2, e.PivotIndex);
        Assert.Equal(4, e.EmittedIndex);
    }

    [Fact]
    public void Equal_left_neighbour_is_not_a_pivot()
    {
        // Bar 3 ties bar 2 on its left, so only bar 2 can pivot, and bar 2 has 13.5 on its right.
        Assert.DoesNotContain(Run(Highs(10, 11, 13, 13, 13.5, 11, 10, 9)), x => x.Side == SwingSide.High && x.PivotIndex is 2 or 3);
    }

    [Fact]
    public void Swing_lows_classify_higher_lower_equal()
    {
        // lows 12 11 9 10 11 | 10 8 10 11 → LL; a low of 9 again → EL; 9.5 → HL.
        static Candle[] Lows(params double[] lows) => StructureBars.FromHighLow(lows.Select(l => (l + 1, l)).ToArray());
        static SwingClassification Last(Candle[] b) => Run(b).Where(e => e.Side == SwingSide.Low).Last().Class;
        Assert.Equal(SwingClassification.LowerLow, Last(Lows(12, 11, 9, 10, 11, 10, 8, 10, 11)));
        Assert.Equal(SwingClassification.EqualLow, Last(Lows(12, 11, 9, 10, 11, 10, 9, 10, 11)));
        Assert.Equal(SwingClassification.HigherLow, Last(Lows(12, 11, 9, 10, 11, 10, 9.5, 10, 11)));
    }

    [Fact]
    public void Atr_fraction_widens_the_equal_tolerance()
    {
        var bars = Highs(10, 11, 13, 12, 11, 12, 13.5, 12, 11);
        var plain = SwingDetector.Create(2);
        var atr = SwingDetector.Create(2, 0, 1.0, 3);
        foreach (var b in bars)
        {
            plain.Update(in b);
            atr.Update(in b);
        }
        Assert.Equal(SwingClassification.HigherHigh, plain.LastHigh.Class);
        // ATR(3) of these bars is above 0.5, so a 0.5 difference is equal at one ATR.
        Assert.True(atr.Atr > 0.5);
        Assert.Equal(SwingClassification.EqualHigh, atr.LastHigh.Class);
    }
}
