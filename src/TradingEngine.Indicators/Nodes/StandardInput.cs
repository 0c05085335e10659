using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// The input side shared by the single-series indicator kinds (sma, ema, wma, rsi: <see cref="SeriesNode{TCore}"/>): a Number port
/// <c>source</c> (any node output, e.g. <c>inputs: [close_5m]</c>) or a Candle port <c>candles</c>
/// read through the <c>field</c> parameter (<c>inputs: {candles: candles:5m}</c>). Exactly one is bound;
/// when both are, <c>source</c> wins and the candle port only adds its timeframe to emitted messages.
/// Prices leave fixed point through <see cref="FixedPoint.ToDouble"/>, the same single division the
/// engine's <c>candle_field</c> uses, so a core fed with either path sees identical doubles.
/// </summary>
internal static class StandardInput
{
    public const int SourcePort = 0;
    public const int CandlesPort = 1;

    private static readonly string[] Fields = ["close", "open", "high", "low", "typical", "volume"];

    public static InputPort[] Ports { get; } = PortList.Of(
        (SourcePort, new InputPort("source", PortType.Number, Optional: true, Description: "any Number output (bind this or candles)")),
        (CandlesPort, new InputPort("candles", PortType.Candle, Optional: true, Description: "candles:TF, forming:TF or external:TF read through 'field'")));

    public static ParameterSpec Field { get; } =
        ParameterSpec.Choice("field", "close", Fields, "candle field when the candles port is bound (typical = (H+L+C)/3)");

    public static ParameterSpec Emit { get; } =
        ParameterSpec.Boolean("emit", false, "emit the typed catalog message to the output ring on every new value (NATS, database)");

    public static ParameterSpec Period(long? defaultValue) =>
        ParameterSpec.Integer("period", defaultValue, 2, ushort.MaxValue, "lookback period (TA-Lib range, capped at the message's 16-bit period)");

    public static int FieldIndex(NodeParameters parameters) => Array.IndexOf(Fields, parameters.Text("field"));

    /// <summary>The input value of this event; false while the upstream output holds no value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRead(NodeContext context, int field, out double value)
    {
        if (context.Count(SourcePort) != 0)
        {
            value = context.Number(SourcePort);
            return context.IsValid(SourcePort);
        }
        ref readonly var c = ref context.Candle(CandlesPort);
        value = Read(in c, field);
        return true;
    }

    /// <summary>The timeframe messages carry: the candle port's, none for a plain number input.</summary>
    public static Timeframe TimeframeOf(NodeContext context) =>
        context.Count(CandlesPort) != 0 ? context.Candle(CandlesPort).Timeframe : default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Read(in Candle c, int field)
    {
        var p = c.PricePrecision;
        return field switch
        {
            0 => FixedPoint.ToDouble(c.CloseRaw, p),
            1 => FixedPoint.ToDouble(c.OpenRaw, p),
            2 => FixedPoint.ToDouble(c.HighRaw, p),
            3 => FixedPoint.ToDouble(c.LowRaw, p),
            4 => (FixedPoint.ToDouble(c.HighRaw, p) + FixedPoint.ToDouble(c.LowRaw, p) + FixedPoint.ToDouble(c.CloseRaw, p)) / 3.0,
            _ => FixedPoint.ToDouble(c.VolumeRaw, c.SizePrecision),
        };
    }
}
