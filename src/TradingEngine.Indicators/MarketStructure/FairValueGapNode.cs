using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// <c>fair_value_gaps</c>: three-candle imbalances of closed candles (bullish low[i] &gt; high[i−2], bearish
/// high[i] &lt; low[i−2]) of at least max(min_ticks × tick_size, min_atr × ATR), with their lifecycle active →
/// partially filled → filled or invalidated; definition in <see cref="FairValueGapDetector"/> and
/// docs/market_structure.md §3. Emits a <see cref="FairValueGap"/> per formation and per state change. Outputs the
/// newest live gap of each direction (NaN when none).
/// </summary>
public struct FairValueGapNode : INode<FairValueGapNode>
{
    private FairValueGapDetector _core;
    private long _lastOpen;
    private bool _started;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "fair_value_gaps",
        "Three-candle imbalances with lifecycle (active, partially filled, filled, invalidated).",
        [
            StructureParameters.TickSize,
            ParameterSpec.Number("min_ticks", 0.0, 0.0, 1e6, "minimum gap size in ticks"),
            ParameterSpec.Number("min_atr", 0.0, 0.0, 100.0, "minimum gap size as a fraction of ATR (the larger minimum wins)"),
            StructureParameters.AtrPeriod, StructureParameters.MaxAge, StructureParameters.Capacity,
        ],
        [StructureParameters.Candles],
        [
            new OutputPort("bull_top", PortType.Number, "top of the newest live bullish gap (NaN: none)"),
            new OutputPort("bull_bottom", PortType.Number, "bottom of the newest live bullish gap"),
            new OutputPort("bear_top", PortType.Number, "top of the newest live bearish gap (NaN: none)"),
            new OutputPort("bear_bottom", PortType.Number, "bottom of the newest live bearish gap"),
            new OutputPort("live", PortType.Integer, "live gaps"),
        ]);

    /// <inheritdoc/>
    public static FairValueGapNode Create(NodeParameters p) => new()
    {
        _core = FairValueGapDetector.Create(p.Number("min_ticks") * p.Number("tick_size"), p.Number("min_atr"), p.Int32("atr_period"), p.Int32("max_age"), p.Int32("capacity")),
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
            var m = new FairValueGap
            {
                Symbol = bar.Symbol,
                Timeframe = bar.Timeframe,
                EventTime = e.EventTime,
                PricePrecision = bar.PricePrecision,
                Direction = e.Direction,
                State = e.State,
                TopRaw = e.TopRaw,
                BottomRaw = e.BottomRaw,
                FormedTime = e.FormedTime,
            };
            context.Emit(in m);
        }
        StructureOutputs.Zone(context, 0, _core.TryNewest(StructureDirection.Bullish, out var t, out var b), t, b, bar.PricePrecision);
        StructureOutputs.Zone(context, 2, _core.TryNewest(StructureDirection.Bearish, out t, out b), t, b, bar.PricePrecision);
        context.SetInteger(4, _core.LiveCount);
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
