using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Strategies;

/// <summary>
/// <c>structure_reversion</c> (docs/strategies.md §8). Definition, on each closed trigger candle while flat: for each
/// bound bullish zone k (top/bottom pairs from fair_value_gaps or order_blocks nodes, NaN = none), in binding order,
/// the first zone the bar entered from above (open &gt; top, low ≤ top) and held (close ≥ bottom) → long, stop below the
/// zone's bottom, provided the higher-timeframe trend input (if bound) is +1 and the zone is not the one traded last.
/// Bearish zones mirror (open &lt; bottom, high ≥ bottom, close ≤ top, trend −1, stop above the top). An open trade is
/// closed when the bound trend turns against it.
/// </summary>
internal struct StructureReversionNode : INode<StructureReversionNode>
{
    private const int Candles = 0, Ticks = 1, BullTop = 2, BullBottom = 3, BearTop = 4, BearBottom = 5, Trend = 6, Gaps = 7;

    private StrategyCore _core;
    private double _usedBullTop, _usedBullBottom, _usedBearTop, _usedBearBottom;
    private long _lastOpen;
    private bool _started;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "structure_reversion",
        "Fade into a live FVG / order block that agrees with the higher timeframe's structure trend.",
        StrategyCore.Parameters,
        PortList.Of(
            (Candles, new InputPort("candles", PortType.Candle, Description: "trigger candles (closed)")),
            (Ticks, new InputPort("ticks", PortType.Tick, Optional: true, Description: "fills at the next tick; without it, at the next bar's open")),
            (BullTop, new InputPort("bull_top", PortType.Number, Variadic: true, Optional: true, Description: "tops of bullish zones (fvg / order block bull_top)")),
            (BullBottom, new InputPort("bull_bottom", PortType.Number, Variadic: true, Optional: true, Description: "bottoms of the same zones, same order")),
            (BearTop, new InputPort("bear_top", PortType.Number, Variadic: true, Optional: true, Description: "tops of bearish zones")),
            (BearBottom, new InputPort("bear_bottom", PortType.Number, Variadic: true, Optional: true, Description: "bottoms of the same zones, same order")),
            (Trend, new InputPort("trend", PortType.Integer, Optional: true, Description: "higher-timeframe structure trend (break_of_structure.trend)")),
            (Gaps, new InputPort("gaps", PortType.Gap, Optional: true, Description: "bind gaps: a contract roll then carries or flattens the position (on_roll)"))),
        StrategyCore.Outputs);

    /// <inheritdoc/>
    public static StructureReversionNode Create(NodeParameters parameters) => new()
    {
        _core = StrategyCore.Create(parameters, Describe().Inputs),
        _usedBullTop = double.NaN, _usedBullBottom = double.NaN, _usedBearTop = double.NaN, _usedBearBottom = double.NaN,
    };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        if (context.Count(Gaps) > 0 && context.Changed(Gaps))
            return _core.OnGap(context);
        var tickMode = context.Count(Ticks) > 0;
        var changed = tickMode && context.Changed(Ticks) && _core.OnTick(context, context.Tick);
        if (!context.Changed(Candles))
        {
            if (changed)
                _core.WriteOutputs(context);
            return changed;
        }
        ref readonly var bar = ref context.Candle(Candles);
        if (_started && bar.OpenTime <= _lastOpen)
            return changed;
        _started = true;
        _lastOpen = bar.OpenTime;
        _core.Bind(in bar);
        if (!tickMode)
            _core.OnBarFills(context, in bar);

        var hasTrend = context.Count(Trend) > 0;
        var trend = hasTrend && context.IsValid(Trend) ? context.Integer(Trend) : 0;
        var scale = (double)FixedPoint.Pow10(bar.PricePrecision);
        if (_core.IsFlat)
        {
            if (!hasTrend || trend > 0)
                TryLong(context, in bar, scale);
            if (_core.IsFlat && (!hasTrend || trend < 0))
                TryShort(context, in bar, scale);
        }
        else if (hasTrend && context.Changed(Trend)
                 && ((_core.Side == PositionSide.Long && trend < 0) || (_core.Side == PositionSide.Short && trend > 0)))
        {
            _core.Exit(context, in bar, SignalReason.RuleExit, NodeIdList.Of(TriggerPorts.Code(Trend)));
        }
        _core.OnBarClosed(context, in bar);
        return true;
    }

    private void TryLong(NodeContext context, in Candle bar, double scale)
    {
        var n = Math.Min(context.Count(BullTop), context.Count(BullBottom));
        for (var k = 0; k < n; k++)
        {
            if (!context.IsValid(BullTop, k) || !context.IsValid(BullBottom, k))
                continue;
            var top = context.Number(BullTop, k);
            var bottom = context.Number(BullBottom, k);
            if (double.IsNaN(top) || (top == _usedBullTop && bottom == _usedBullBottom))
                continue;
            var topRaw = (long)Math.Round(top * scale);
            var bottomRaw = (long)Math.Round(bottom * scale);
            if (bar.OpenRaw <= topRaw || bar.LowRaw > topRaw || bar.CloseRaw < bottomRaw)
                continue;
            if (_core.TryEnter(context, in bar, PositionSide.Long, bottomRaw - _core.BufferRaw, SignalReason.ZoneFade, Triggers(context, BullTop, k)))
            {
                _usedBullTop = top;
                _usedBullBottom = bottom;
                return;
            }
        }
    }

    private void TryShort(NodeContext context, in Candle bar, double scale)
    {
        var n = Math.Min(context.Count(BearTop), context.Count(BearBottom));
        for (var k = 0; k < n; k++)
        {
            if (!context.IsValid(BearTop, k) || !context.IsValid(BearBottom, k))
                continue;
            var top = context.Number(BearTop, k);
            var bottom = context.Number(BearBottom, k);
            if (double.IsNaN(top) || (top == _usedBearTop && bottom == _usedBearBottom))
                continue;
            var topRaw = (long)Math.Round(top * scale);
            var bottomRaw = (long)Math.Round(bottom * scale);
            if (bar.OpenRaw >= bottomRaw || bar.HighRaw < bottomRaw || bar.CloseRaw > topRaw)
                continue;
            if (_core.TryEnter(context, in bar, PositionSide.Short, topRaw + _core.BufferRaw, SignalReason.ZoneFade, Triggers(context, BearTop, k)))
            {
                _usedBearTop = top;
                _usedBearBottom = bottom;
                return;
            }
        }
    }

    private static NodeIdList Triggers(NodeContext context, int port, int k)
    {
        var list = NodeIdList.Of(TriggerPorts.Code(port, k), TriggerPorts.Code(port + 1, k));
        if (context.Count(Trend) > 0)
            list.TryAdd(TriggerPorts.Code(Trend));
        return list;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteBoolean(_started);
        writer.WriteInt64(_lastOpen);
        writer.WriteDouble(_usedBullTop);
        writer.WriteDouble(_usedBullBottom);
        writer.WriteDouble(_usedBearTop);
        writer.WriteDouble(_usedBearBottom);
        _core.WriteState(ref writer);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _started = reader.ReadBoolean();
        _lastOpen = reader.ReadInt64();
        _usedBullTop = reader.ReadDouble();
        _usedBullBottom = reader.ReadDouble();
        _usedBearTop = reader.ReadDouble();
        _usedBearBottom = reader.ReadDouble();
        _core.ReadState(ref reader);
    }
}
