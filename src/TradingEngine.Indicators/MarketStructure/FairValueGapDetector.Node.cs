using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// <c>fair_value_gaps</c> (<see cref="StructureNode{TCore}"/>): three-candle imbalances of closed candles (bullish
/// low[i] &gt; high[i−2], bearish high[i] &lt; low[i−2]) of at least max(min_ticks × tick_size, min_atr × ATR), with
/// their lifecycle active → partially filled → filled or invalidated; definition above and docs/market_structure.md §3.
/// Emits a <see cref="FairValueGap"/> per formation and per state change. Outputs the newest live gap of each
/// direction (NaN when none).
/// </summary>
internal partial struct FairValueGapDetector : IStructureCore<FairValueGapDetector>
{
    private const int BullTopOut = 0;
    private const int BullBottomOut = 1;
    private const int BearTopOut = 2;
    private const int BearBottomOut = 3;
    private const int LiveOut = 4;

    static NodeKindInfo IStructureCore<FairValueGapDetector>.Describe() => new(
        "fair_value_gaps",
        "Three-candle imbalances with lifecycle (active, partially filled, filled, invalidated).",
        [
            StructureParameters.TickSize,
            ParameterSpec.Number("min_ticks", 0.0, 0.0, 1e6, "minimum gap size in ticks"),
            ParameterSpec.Number("min_atr", 0.0, 0.0, 100.0, "minimum gap size as a fraction of ATR (the larger minimum wins)"),
            StructureParameters.AtrPeriod, StructureParameters.MaxAge, StructureParameters.Capacity,
        ],
        StructureParameters.Inputs,
        PortList.Of(
            (BullTopOut, new OutputPort("bull_top", PortType.Number, "top of the newest live bullish gap (NaN: none)")),
            (BullBottomOut, new OutputPort("bull_bottom", PortType.Number, "bottom of the newest live bullish gap")),
            (BearTopOut, new OutputPort("bear_top", PortType.Number, "top of the newest live bearish gap (NaN: none)")),
            (BearBottomOut, new OutputPort("bear_bottom", PortType.Number, "bottom of the newest live bearish gap")),
            (LiveOut, new OutputPort("live", PortType.Integer, "live gaps"))));

    static FairValueGapDetector IStructureCore<FairValueGapDetector>.Create(NodeParameters p) =>
        Create(p.Number("min_ticks") * p.Number("tick_size"), p.Number("min_atr"), p.Int32("atr_period"), p.Int32("max_age"), p.Int32("capacity"));

    void IStructureCore<FairValueGapDetector>.Publish(NodeContext context, in Candle bar, int flags)
    {
        foreach (ref readonly var e in Events)
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
        StructureOutputs.Zone(context, BullTopOut, BullBottomOut, TryNewest(StructureDirection.Bullish, out var t, out var b), t, b, bar.PricePrecision);
        StructureOutputs.Zone(context, BearTopOut, BearBottomOut, TryNewest(StructureDirection.Bearish, out t, out b), t, b, bar.PricePrecision);
        context.SetInteger(LiveOut, LiveCount);
    }
}
