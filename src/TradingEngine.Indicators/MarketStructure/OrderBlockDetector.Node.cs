using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>
/// <c>order_blocks</c> (<see cref="StructureNode{TCore}"/>): the last opposite candle (within <c>lookback</c> bars)
/// before the bar that breaks structure (BOS or CHoCH, by close or wick); zone = that candle's [low, high]; lifecycle
/// fresh → mitigated → invalidated; definition above and docs/market_structure.md §4. Emits an
/// <see cref="OrderBlock"/> per formation and state change (Active = fresh, Filled = mitigated). Outputs the newest
/// live block of each direction (NaN when none).
/// </summary>
internal partial struct OrderBlockDetector : IStructureCore<OrderBlockDetector>
{
    private const int BullTopOut = 0;
    private const int BullBottomOut = 1;
    private const int BearTopOut = 2;
    private const int BearBottomOut = 3;

    static NodeKindInfo IStructureCore<OrderBlockDetector>.Describe() => new(
        "order_blocks",
        "Last opposite candle before a structure break; fresh, mitigated, invalidated.",
        [
            StructureParameters.Strength, StructureParameters.Mode, StructureParameters.TickSize, StructureParameters.EqualTicks, StructureParameters.EqualAtr, StructureParameters.AtrPeriod,
            ParameterSpec.Integer("lookback", 10, 1, 1000, "bars before the breaking bar searched for the opposite candle"),
            StructureParameters.MaxAge, StructureParameters.Capacity,
        ],
        StructureParameters.Inputs,
        PortList.Of(
            (BullTopOut, new OutputPort("bull_top", PortType.Number, "top of the newest live bullish block (NaN: none)")),
            (BullBottomOut, new OutputPort("bull_bottom", PortType.Number, "bottom of the newest live bullish block")),
            (BearTopOut, new OutputPort("bear_top", PortType.Number, "top of the newest live bearish block (NaN: none)")),
            (BearBottomOut, new OutputPort("bear_bottom", PortType.Number, "bottom of the newest live bearish block"))));

    static OrderBlockDetector IStructureCore<OrderBlockDetector>.Create(NodeParameters p) => Create(
        StructureBreakDetector.Create(StructureParameters.Swings(p), StructureParameters.BreakMode(p)),
        p.Int32("lookback"), p.Int32("max_age"), p.Int32("capacity"));

    void IStructureCore<OrderBlockDetector>.Publish(NodeContext context, in Candle bar, int flags)
    {
        foreach (ref readonly var e in Events)
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
        StructureOutputs.Zone(context, BullTopOut, BullBottomOut, TryNewest(StructureDirection.Bullish, out var t, out var b), t, b, bar.PricePrecision);
        StructureOutputs.Zone(context, BearTopOut, BearBottomOut, TryNewest(StructureDirection.Bearish, out t, out b), t, b, bar.PricePrecision);
    }
}
