using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// <c>break_of_structure</c> (<see cref="StructureNode{TCore}"/>): BOS (a break in the trend's direction) and CHoCH
/// (the first break against it) of the last swing high/low by close or by wick; definition above and
/// docs/market_structure.md §5. Emits a <see cref="BreakOfStructure"/> per break. Outputs the trend and this bar's
/// break code.
/// </summary>
internal partial struct StructureBreakDetector : IStructureCore<StructureBreakDetector>
{
    private const int TrendOut = 0;
    private const int EventOut = 1;
    private const int UpLevelOut = 2;
    private const int DownLevelOut = 3;

    static NodeKindInfo IStructureCore<StructureBreakDetector>.Describe() => new(
        "break_of_structure",
        "BOS / CHoCH of the last swing high/low, by close or by wick.",
        [StructureParameters.Strength, StructureParameters.Mode, StructureParameters.TickSize, StructureParameters.EqualTicks, StructureParameters.EqualAtr, StructureParameters.AtrPeriod],
        StructureParameters.Inputs,
        PortList.Of(
            (TrendOut, new OutputPort("trend", PortType.Integer, "+1 up, -1 down, 0 none yet")),
            (EventOut, new OutputPort("event", PortType.Integer, "this bar: +1 BOS up, +2 CHoCH up, -1 BOS down, -2 CHoCH down, 0 none (the down break when both)")),
            (UpLevelOut, new OutputPort("up_level", PortType.Number, "live swing high a bullish break would take (NaN: none)")),
            (DownLevelOut, new OutputPort("down_level", PortType.Number, "live swing low a bearish break would take (NaN: none)"))));

    static StructureBreakDetector IStructureCore<StructureBreakDetector>.Create(NodeParameters p) =>
        Create(StructureParameters.Swings(p), StructureParameters.BreakMode(p));

    void IStructureCore<StructureBreakDetector>.Publish(NodeContext context, in Candle bar, int flags)
    {
        long code = 0;
        if ((flags & BrokeUp) != 0)
            code = EmitBreak(context, in bar, _up);
        if ((flags & BrokeDown) != 0)
            code = -EmitBreak(context, in bar, _down);
        context.SetInteger(TrendOut, _trend);
        context.SetInteger(EventOut, code);
        StructureOutputs.Level(context, UpLevelOut, TryUpLevel(out var up), up.PriceRaw, bar.PricePrecision);
        StructureOutputs.Level(context, DownLevelOut, TryDownLevel(out var down), down.PriceRaw, bar.PricePrecision);
    }

    private static long EmitBreak(NodeContext context, in Candle bar, in BreakEvent e)
    {
        var m = new BreakOfStructure
        {
            Symbol = bar.Symbol,
            Timeframe = bar.Timeframe,
            EventTime = e.EventTime,
            PricePrecision = bar.PricePrecision,
            Direction = e.Direction,
            Kind = e.Kind,
            LevelRaw = e.LevelRaw,
            BreakPriceRaw = e.BreakPriceRaw,
            SwingTime = e.SwingTime,
        };
        context.Emit(in m);
        return e.Kind == BreakKind.ChangeOfCharacter ? 2 : 1;
    }
}
