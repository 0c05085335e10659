using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// <c>liquidity_levels</c> (<see cref="StructureNode{TCore}"/>): clusters of ≥ 2 swing highs (buy-side) or lows
/// (sell-side) within max(cluster_ticks × tick_size, cluster_atr × ATR), swept when price trades through and closes
/// back (or broken when it closes beyond and require_close_back is set); definition above and
/// docs/market_structure.md §6. Emits a <see cref="LiquidityLevel"/> per formation, new touch, sweep and break.
/// Outputs the nearest live levels and this bar's sweep code.
/// </summary>
internal partial struct LiquidityDetector : IStructureCore<LiquidityDetector>
{
    private const int BuySideOut = 0;
    private const int SellSideOut = 1;
    private const int EventOut = 2;
    private const int EventLevelOut = 3;

    static NodeKindInfo IStructureCore<LiquidityDetector>.Describe() => new(
        "liquidity_levels",
        "Equal highs/lows (>= 2 swings within tolerance) as resting liquidity; swept or broken.",
        [
            StructureParameters.Strength, StructureParameters.TickSize, StructureParameters.EqualTicks, StructureParameters.EqualAtr, StructureParameters.AtrPeriod,
            ParameterSpec.Number("cluster_ticks", 1.0, 0.0, 1e6, "swings within this many ticks form one level"),
            ParameterSpec.Number("cluster_atr", 0.0, 0.0, 100.0, "cluster tolerance as a fraction of ATR (the larger tolerance wins)"),
            ParameterSpec.Boolean("require_close_back", true, "a sweep needs a close back at or inside the level; a close beyond breaks it"),
            StructureParameters.MaxAge, StructureParameters.Capacity,
        ],
        StructureParameters.Inputs,
        PortList.Of(
            (BuySideOut, new OutputPort("buy_side", PortType.Number, "lowest live buy-side level (equal highs; NaN: none)")),
            (SellSideOut, new OutputPort("sell_side", PortType.Number, "highest live sell-side level (equal lows; NaN: none)")),
            (EventOut, new OutputPort("event", PortType.Integer, "this bar: +1 sell-side swept (bullish), -1 buy-side swept (bearish), +2 buy-side broken up, -2 sell-side broken down, 0 none (the first when several)")),
            (EventLevelOut, new OutputPort("event_level", PortType.Number, "price of the level of this bar's event (NaN: none)"))));

    static LiquidityDetector IStructureCore<LiquidityDetector>.Create(NodeParameters p) => Create(
        StructureParameters.Swings(p), p.Number("cluster_ticks") * p.Number("tick_size"), p.Number("cluster_atr"),
        p.Boolean("require_close_back"), p.Int32("max_age"), p.Int32("capacity"));

    void IStructureCore<LiquidityDetector>.Publish(NodeContext context, in Candle bar, int flags)
    {
        long code = 0;
        var level = double.NaN;
        foreach (ref readonly var e in Events)
        {
            var m = new LiquidityLevel
            {
                Symbol = bar.Symbol,
                Timeframe = bar.Timeframe,
                EventTime = e.EventTime,
                PricePrecision = bar.PricePrecision,
                Side = e.Side,
                State = e.State,
                Touches = e.Touches,
                PriceRaw = e.PriceRaw,
                FormedTime = e.FormedTime,
            };
            context.Emit(in m);
            if (code == 0 && e.State != ZoneState.Active)
            {
                var buySide = e.Side == LiquiditySide.BuySide;
                code = e.State == ZoneState.Filled ? (buySide ? -1 : 1) : (buySide ? 2 : -2);
                level = StructureMath.ToDouble(e.PriceRaw, bar.PricePrecision);
            }
        }
        Nearest(out var hasBuy, out var buy, out var hasSell, out var sell);
        StructureOutputs.Level(context, BuySideOut, hasBuy, buy, bar.PricePrecision);
        StructureOutputs.Level(context, SellSideOut, hasSell, sell, bar.PricePrecision);
        context.SetInteger(EventOut, code);
        context.SetNumber(EventLevelOut, level);
    }
}
