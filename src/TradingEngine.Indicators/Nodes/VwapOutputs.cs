using TradingEngine.Engine.Dag;
using TradingEngine.Types;
using VwapMessage = TradingEngine.Types.Vwap;

namespace TradingEngine.Indicators.Nodes;

/// <summary>Output ports shared by <c>vwap</c> and <c>tick_vwap</c>, and the message both emit.</summary>
internal static class VwapOutputs
{
    private const int VwapOut = 0;
    private const int Upper1Out = 1;
    private const int Lower1Out = 2;
    private const int Upper2Out = 3;
    private const int Lower2Out = 4;
    private const int VolumeOut = 5;

    public static OutputPort[] Ports { get; } = PortList.Of(
        (VwapOut, new OutputPort("vwap", PortType.Number)),
        (Upper1Out, new OutputPort("upper_1", PortType.Number, "vwap + 1 sigma")),
        (Lower1Out, new OutputPort("lower_1", PortType.Number, "vwap - 1 sigma")),
        (Upper2Out, new OutputPort("upper_2", PortType.Number, "vwap + 2 sigma")),
        (Lower2Out, new OutputPort("lower_2", PortType.Number, "vwap - 2 sigma")),
        (VolumeOut, new OutputPort("volume", PortType.Number, "session volume so far")));

    // Bands as the cores' value types define them (VwapValue/TickVwapValue: vwap ± σ, vwap ± 2σ).
    public static void Set(NodeContext context, double vwap, double sigma, double volume)
    {
        var outputs = context.Outputs(VolumeOut + 1);
        outputs.SetNumber(VwapOut, vwap);
        outputs.SetNumber(Upper1Out, vwap + sigma);
        outputs.SetNumber(Lower1Out, vwap - sigma);
        outputs.SetNumber(Upper2Out, vwap + (2 * sigma));
        outputs.SetNumber(Lower2Out, vwap - (2 * sigma));
        outputs.SetNumber(VolumeOut, volume);
    }

    public static void Emit(NodeContext context, Timeframe timeframe, long sessionStart) => context.Emit(new VwapMessage
    {
        Symbol = context.Symbol,
        Timeframe = timeframe,
        EventTime = context.EventTime,
        SessionStart = sessionStart,
        Value = context.OwnNumber(VwapOut),
        Upper1 = context.OwnNumber(Upper1Out),
        Lower1 = context.OwnNumber(Lower1Out),
        Upper2 = context.OwnNumber(Upper2Out),
        Lower2 = context.OwnNumber(Lower2Out),
    });
}
