using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

public sealed class StructureNodeTests
{
    [Fact]
    public void Golden_cases_come_out_of_the_dag_as_catalog_messages()
    {
        var dag = StructurePipeline.Compile();
        var swings = dag.IndexOf("swings_1m");
        var bos = dag.IndexOf("bos_1m");
        var bars = StructureBars.With(StructureBars.Uptrend(), 15, 11, 12, 9, 9.75);
        var messages = StructurePipeline.Run(dag, bars);

        var firstSwing = messages.First(m => m.NodeId == swings && m.Kind == MessageType.SwingPoint).SwingPoint;
        Assert.Equal((SwingSide.High, StructureBars.Raw(12), (ushort)2), (firstSwing.Side, firstSwing.PriceRaw, firstSwing.Strength));
        Assert.Equal(StructureBars.Start + (2 * StructureBars.Minute), firstSwing.PivotTime);
        Assert.Equal(StructureBars.Start + (5 * StructureBars.Minute), firstSwing.EventTime);
        Assert.Equal(Timeframe.OneMinute, firstSwing.Timeframe);
        Assert.Equal(SwingClassification.None, firstSwing.Classification);
        var higherHigh = messages.Where(m => m.NodeId == swings && m.Kind == MessageType.SwingPoint && m.SwingPoint.Side == SwingSide.High).Select(m => m.SwingPoint).Last();
        Assert.Equal((StructureBars.Raw(14), SwingClassification.HigherHigh), (higherHigh.PriceRaw, higherHigh.Classification));
        var higherLow = messages.Where(m => m.NodeId == swings && m.Kind == MessageType.SwingPoint && m.SwingPoint.Side == SwingSide.Low).Select(m => m.SwingPoint).Last();
        Assert.Equal((StructureBars.Raw(10), SwingClassification.HigherLow), (higherLow.PriceRaw, higherLow.Classification));

        var breaks = messages.Where(m => m.NodeId == bos && m.Kind == MessageType.BreakOfStructure).Select(m => m.BreakOfStructure).ToList();
        Assert.Equal([(StructureDirection.Bullish, BreakKind.BreakOfStructure), (StructureDirection.Bearish, BreakKind.ChangeOfCharacter)], breaks.Select(b => (b.Direction, b.Kind)));
        Assert.Equal(StructureBars.Start + (12 * StructureBars.Minute), breaks[1].SwingTime);
    }

    [Fact]
    public void Golden_fvg_lifecycle_through_the_dag()
    {
        var dag = StructurePipeline.Compile();
        var fvg = dag.IndexOf("fvg_1m");
        var bars = StructureBars.FromLowHigh((9, 10), (10.5, 12), (11, 13));
        bars = StructureBars.With(bars, 3, 11.5, 12, 10.5, 11.5);
        bars = StructureBars.With(bars, 4, 10.5, 11, 9.9, 10.5);
        var gaps = StructurePipeline.Run(dag, bars).Where(m => m.NodeId == fvg).Select(m => m.FairValueGap).ToList();
        Assert.Equal([ZoneState.Active, ZoneState.PartiallyFilled, ZoneState.Filled], gaps.Select(g => g.State));
        Assert.All(gaps, g => Assert.Equal((StructureBars.Raw(11), StructureBars.Raw(10), StructureBars.Start + StructureBars.Minute), (g.TopRaw, g.BottomRaw, g.FormedTime)));
        Assert.Equal(StructureBars.Start + (3 * StructureBars.Minute), gaps[0].EventTime);
    }
}
