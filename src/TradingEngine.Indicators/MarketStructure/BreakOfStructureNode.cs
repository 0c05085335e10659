using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// <c>break_of_structure</c>: BOS (a break in the trend's direction) and CHoCH (the first break against it) of
/// the last swing high/low by close or by wick; definition in <see cref="StructureBreakDetector"/> and
/// docs/market_structure.md §5. Emits a <see cref="BreakOfStructure"/> per break. Outputs the trend and this
/// bar's break code.
/// </summary>
public struct BreakOfStructureNode : INode<BreakOfStructureNode>
{
    private StructureBreakDetector _core;
    private long _lastOpen;
    private bool _started;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "break_of_structure",
        "BOS / CHoCH of the last swing high/low, by close or by wick.",
        [StructureParameters.Strength, StructureParameters.Mode, StructureParameters.TickSize, StructureParameters.EqualTicks, StructureParameters.EqualAtr, StructureParameters.AtrPeriod],
        [StructureParameters.Candles],
        [
            new OutputPort("trend", PortType.Integer, "+1 up, -1 down, 0 none yet"),
            new OutputPort("event", PortType.Integer, "this bar: +1 BOS up, +2 CHoCH up, -1 BOS down, -2 CHoCH down, 0 none (the down break when both)"),
            new OutputPort("up_level", PortType.Number, "live swing high a bullish break would take (NaN: none)"),
            new OutputPort("down_level", PortType.Number, "live swing low a bearish break would take (NaN: none)"),
        ]);

    /// <inheritdoc/>
    public static BreakOfStructureNode Create(NodeParameters p) => new()
    {
        _core = StructureBreakDetector.Create(StructureParameters.Swings(p), StructureParameters.BreakMode(p)),
    };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        ref readonly var bar = ref context.Candle(0);
        if (_started && bar.OpenTime <= _lastOpen)
            return false;
        _started = true;
        _lastOpen = bar.OpenTime;
        var flags = _core.Update(in bar);
        long code = 0;
        if ((flags & StructureBreakDetector.BrokeUp) != 0)
            code = Emit(context, in bar, _core.LastUp);
        if ((flags & StructureBreakDetector.BrokeDown) != 0)
            code = -Emit(context, in bar, _core.LastDown);
        context.SetInteger(0, _core.Trend);
        context.SetInteger(1, code);
        StructureOutputs.Level(context, 2, _core.TryUpLevel(out var up), up.PriceRaw, bar.PricePrecision);
        StructureOutputs.Level(context, 3, _core.TryDownLevel(out var down), down.PriceRaw, bar.PricePrecision);
        return true;
    }

    private static long Emit(NodeContext context, in Candle bar, in BreakEvent e)
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
