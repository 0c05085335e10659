using TradingEngine.Engine.Dag;
using TradingEngine.Types;
using VwapMessage = TradingEngine.Types.Vwap;

namespace TradingEngine.Indicators.Nodes;

/// <summary>Output ports shared by <c>vwap</c> and <c>tick_vwap</c>, and the message both emit.</summary>
internal static class VwapOutputs
{
    public static OutputPort[] Ports { get; } =
    [
        new OutputPort("vwap", PortType.Number),
        new OutputPort("upper_1", PortType.Number, "vwap + 1 sigma"),
        new OutputPort("lower_1", PortType.Number, "vwap - 1 sigma"),
        new OutputPort("upper_2", PortType.Number, "vwap + 2 sigma"),
        new OutputPort("lower_2", PortType.Number, "vwap - 2 sigma"),
        new OutputPort("volume", PortType.Number, "session volume so far"),
    ];

    // Bands as the cores' value types define them (VwapValue/TickVwapValue: vwap ± σ, vwap ± 2σ).
    public static void Set(NodeContext context, double vwap, double sigma, double volume)
    {
        var outputs = context.Outputs(6);
        outputs.SetNumber(0, vwap);
        outputs.SetNumber(1, vwap + sigma);
        outputs.SetNumber(2, vwap - sigma);
        outputs.SetNumber(3, vwap + (2 * sigma));
        outputs.SetNumber(4, vwap - (2 * sigma));
        outputs.SetNumber(5, volume);
    }

    public static void Emit(NodeContext context, Timeframe timeframe, long sessionStart) => context.Emit(new VwapMessage
    {
        Symbol = context.Symbol,
        Timeframe = timeframe,
        EventTime = context.EventTime,
        SessionStart = sessionStart,
        Value = context.OwnNumber(0),
        Upper1 = context.OwnNumber(1),
        Lower1 = context.OwnNumber(2),
        Upper2 = context.OwnNumber(3),
        Lower2 = context.OwnNumber(4),
    });
}
