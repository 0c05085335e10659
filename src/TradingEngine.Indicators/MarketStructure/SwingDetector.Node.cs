using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// <c>swing_points</c> (<see cref="StructureNode{TCore}"/>): swing highs and lows of closed candles with <c>strength</c>
/// bars on each side, classified against the previous swing of the same side (higher/lower/equal within
/// max(equal_ticks × tick_size, equal_atr × ATR)); definition above and docs/market_structure.md §2. Emits a
/// <see cref="SwingPoint"/> at the confirming bar. Outputs the last swing prices and classes.
/// </summary>
internal partial struct SwingDetector : IStructureCore<SwingDetector>
{
    private const int HighOut = 0;
    private const int LowOut = 1;
    private const int HighClassOut = 2;
    private const int LowClassOut = 3;
    private const int EventOut = 4;

    static NodeKindInfo IStructureCore<SwingDetector>.Describe() => new(
        "swing_points",
        "Swing highs/lows (pivot with strength bars each side), classified HH/LH/EH and HL/LL/EL.",
        [StructureParameters.Strength, StructureParameters.TickSize, StructureParameters.EqualTicks, StructureParameters.EqualAtr, StructureParameters.AtrPeriod],
        StructureParameters.Inputs,
        PortList.Of(
            (HighOut, new OutputPort("high", PortType.Number, "price of the last confirmed swing high")),
            (LowOut, new OutputPort("low", PortType.Number, "price of the last confirmed swing low")),
            (HighClassOut, new OutputPort("high_class", PortType.Integer, "class of the last swing high (0 first, 1 HH, 2 LH, 3 EH)")),
            (LowClassOut, new OutputPort("low_class", PortType.Integer, "class of the last swing low (0 first, 4 HL, 5 LL, 6 EL)")),
            (EventOut, new OutputPort("event", PortType.Integer, "this bar confirmed: 1 a swing high, 2 a swing low, 3 both, 0 none"))));

    static SwingDetector IStructureCore<SwingDetector>.Create(NodeParameters parameters) => StructureParameters.Swings(parameters);

    void IStructureCore<SwingDetector>.Publish(NodeContext context, in Candle bar, int flags)
    {
        var p = bar.PricePrecision;
        if ((flags & HighConfirmed) != 0)
            EmitSwing(context, in bar, _lastHigh);
        if ((flags & LowConfirmed) != 0)
            EmitSwing(context, in bar, _lastLow);
        if (_hasHigh)
        {
            context.SetNumber(HighOut, StructureParameters.Price(_lastHigh.PriceRaw, p));
            context.SetInteger(HighClassOut, (long)_lastHigh.Class);
        }
        if (_hasLow)
        {
            context.SetNumber(LowOut, StructureParameters.Price(_lastLow.PriceRaw, p));
            context.SetInteger(LowClassOut, (long)_lastLow.Class);
        }
        context.SetInteger(EventOut, flags);
    }

    private readonly void EmitSwing(NodeContext context, in Candle bar, in SwingEvent s)
    {
        var m = new SwingPoint
        {
            Symbol = bar.Symbol,
            Timeframe = bar.Timeframe,
            EventTime = s.EventTime,
            PricePrecision = bar.PricePrecision,
            Side = s.Side,
            Strength = (ushort)_strength,
            PriceRaw = s.PriceRaw,
            PivotTime = s.PivotTime,
            Classification = s.Class,
        };
        context.Emit(in m);
    }
}
