using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// <c>swing_points</c>: swing highs and lows of closed candles with <c>strength</c> bars on each side, classified
/// against the previous swing of the same side (higher/lower/equal within max(equal_ticks × tick_size, equal_atr ×
/// ATR)); definition in <see cref="SwingDetector"/> and docs/market_structure.md §2. Emits a
/// <see cref="SwingPoint"/> at the confirming bar. Outputs the last swing prices and classes.
/// </summary>
public struct SwingPointNode : INode<SwingPointNode>
{
    private SwingDetector _core;
    private long _lastOpen;
    private bool _started;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "swing_points",
        "Swing highs/lows (pivot with strength bars each side), classified HH/LH/EH and HL/LL/EL.",
        [StructureParameters.Strength, StructureParameters.TickSize, StructureParameters.EqualTicks, StructureParameters.EqualAtr, StructureParameters.AtrPeriod],
        [StructureParameters.Candles],
        [
            new OutputPort("high", PortType.Number, "price of the last confirmed swing high"),
            new OutputPort("low", PortType.Number, "price of the last confirmed swing low"),
            new OutputPort("high_class", PortType.Integer, "class of the last swing high (0 first, 1 HH, 2 LH, 3 EH)"),
            new OutputPort("low_class", PortType.Integer, "class of the last swing low (0 first, 4 HL, 5 LL, 6 EL)"),
            new OutputPort("event", PortType.Integer, "this bar confirmed: 1 a swing high, 2 a swing low, 3 both, 0 none"),
        ]);

    /// <inheritdoc/>
    public static SwingPointNode Create(NodeParameters parameters) => new() { _core = StructureParameters.Swings(parameters) };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        ref readonly var bar = ref context.Candle(0);
        // A candle is folded once: the guard makes a re-fired or forming binding harmless.
        if (_started && bar.OpenTime <= _lastOpen)
            return false;
        _started = true;
        _lastOpen = bar.OpenTime;
        var flags = _core.Update(in bar);
        var p = bar.PricePrecision;
        if ((flags & SwingDetector.HighConfirmed) != 0)
            Emit(context, in bar, _core.LastHigh);
        if ((flags & SwingDetector.LowConfirmed) != 0)
            Emit(context, in bar, _core.LastLow);
        if (_core.HasHigh)
        {
            context.SetNumber(0, StructureParameters.Price(_core.LastHigh.PriceRaw, p));
            context.SetInteger(2, (long)_core.LastHigh.Class);
        }
        if (_core.HasLow)
        {
            context.SetNumber(1, StructureParameters.Price(_core.LastLow.PriceRaw, p));
            context.SetInteger(3, (long)_core.LastLow.Class);
        }
        context.SetInteger(4, flags);
        return true;
    }

    private readonly void Emit(NodeContext context, in Candle bar, in SwingEvent s)
    {
        var m = new SwingPoint
        {
            Symbol = bar.Symbol,
            Timeframe = bar.Timeframe,
            EventTime = s.EventTime,
            PricePrecision = bar.PricePrecision,
            Side = s.Side,
            Strength = (ushort)_core.Strength,
            PriceRaw = s.PriceRaw,
            PivotTime = s.PivotTime,
            // SwingClass.First (0) maps to None (0); the other values are the same numbers.
            Classification = (SwingClassification)(byte)s.Class,
        };
        context.Emit(in m);
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteBoolean(_started);
        writer.WriteInt64(_lastOpen);
        _core.WriteState(ref writer);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _started = reader.ReadBoolean();
        _lastOpen = reader.ReadInt64();
        _core.ReadState(ref reader);
    }
}
