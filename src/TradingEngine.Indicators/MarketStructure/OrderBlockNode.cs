using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// <c>order_blocks</c>: the last opposite candle (within <c>lookback</c> bars) before the bar that breaks
/// structure (BOS or CHoCH, by close or wick); zone = that candle's [low, high]; lifecycle fresh → mitigated →
/// invalidated; definition in <see cref="OrderBlockDetector"/> and docs/market_structure.md §4. Emits an
/// <see cref="OrderBlock"/> per formation and state change (Active = fresh, Filled = mitigated). Outputs the newest
/// live block of each direction (NaN when none).
/// </summary>
public struct OrderBlockNode : INode<OrderBlockNode>
{
    private OrderBlockDetector _core;
    private long _lastOpen;
    private bool _started;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "order_blocks",
        "Last opposite candle before a structure break; fresh, mitigated, invalidated.",
        [
            StructureParameters.Strength, StructureParameters.Mode, StructureParameters.TickSize, StructureParameters.EqualTicks, StructureParameters.EqualAtr, StructureParameters.AtrPeriod,
            ParameterSpec.Integer("lookback", 10, 1, 1000, "bars before the breaking bar searched for the opposite candle"),
            StructureParameters.MaxAge, StructureParameters.Capacity,
        ],
        [StructureParameters.Candles],
        [
            new OutputPort("bull_top", PortType.Number, "top of the newest live bullish block (NaN: none)"),
            new OutputPort("bull_bottom", PortType.Number, "bottom of the newest live bullish block"),
            new OutputPort("bear_top", PortType.Number, "top of the newest live bearish block (NaN: none)"),
            new OutputPort("bear_bottom", PortType.Number, "bottom of the newest live bearish block"),
        ]);

    /// <inheritdoc/>
    public static OrderBlockNode Create(NodeParameters p) => new()
    {
        _core = OrderBlockDetector.Create(
            StructureBreakDetector.Create(StructureParameters.Swings(p), StructureParameters.BreakMode(p)),
            p.Int32("lookback"), p.Int32("max_age"), p.Int32("capacity")),
    };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        ref readonly var bar = ref context.Candle(0);
        if (_started && bar.OpenTime <= _lastOpen)
            return false;
        _started = true;
        _lastOpen = bar.OpenTime;
        _core.Update(in bar);
        foreach (ref readonly var e in _core.Events)
        {
            var m = new OrderBlock
            {
                Symbol = bar.Symbol,
                Timeframe = bar.Timeframe,
                EventTime = e.EventTime,
                PricePrecision = bar.PricePrecision,
                SizePrecision = bar.SizePrecision,
                Direction = e.Direction,
                State = e.State,
                TopRaw = e.TopRaw,
                BottomRaw = e.BottomRaw,
                OriginTime = e.OriginTime,
                VolumeRaw = e.VolumeRaw,
            };
            context.Emit(in m);
        }
        StructureOutputs.Zone(context, 0, _core.TryNewest(StructureDirection.Bullish, out var t, out var b), t, b, bar.PricePrecision);
        StructureOutputs.Zone(context, 2, _core.TryNewest(StructureDirection.Bearish, out t, out b), t, b, bar.PricePrecision);
        return true;
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
