using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.Nodes;

/// <summary>
/// <c>candle_field</c>: one field of a candle as a number (close by default). The bridge from
/// candle sources to numeric nodes: <c>inputs: [candles:5m]</c> gives the closed 5m close,
/// <c>[forming:5m]</c> the forming one on every tick.
/// </summary>
public struct CandleFieldNode : INode<CandleFieldNode>
{
    private static readonly string[] Fields = ["close", "open", "high", "low", "volume", "typical", "ticks"];
    private int _field;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "candle_field",
        "One field of a candle (close, open, high, low, volume, typical = (H+L+C)/3, ticks) as a number.",
        [ParameterSpec.Choice("field", "close", Fields, "which field")],
        [new InputPort("source", PortType.Candle, Description: "candles:TF, forming:TF or external:TF")],
        [new OutputPort("value", PortType.Number)]);

    /// <inheritdoc/>
    public static CandleFieldNode Create(NodeParameters parameters) => new() { _field = Array.IndexOf(Fields, parameters.Text("field")) };

    /// <summary>Whether this node gives the close, the form a compiled plan runs inline (<see cref="PlanCompiler"/>).</summary>
    internal readonly bool ReadsClose => _field == 0;

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        // Close (the default, and every forming:TF bridge of a tick pipeline) stays small enough to inline into the
        // step's trampoline; the other fields take the out-of-line switch.
        ref readonly var c = ref context.Candle(0);
        context.SetNumber(0, _field == 0 ? PriceMath.ToDouble(c.CloseRaw, c.PricePrecision) : OtherField(in c));
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly double OtherField(in Candle c)
    {
        var p = c.PricePrecision;
        return _field switch
        {
            1 => PriceMath.ToDouble(c.OpenRaw, p),
            2 => PriceMath.ToDouble(c.HighRaw, p),
            3 => PriceMath.ToDouble(c.LowRaw, p),
            4 => PriceMath.ToDouble(c.VolumeRaw, c.SizePrecision),
            5 => (PriceMath.ToDouble(c.HighRaw, p) + PriceMath.ToDouble(c.LowRaw, p) + PriceMath.ToDouble(c.CloseRaw, p)) / 3.0,
            _ => c.TickCount,
        };
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
    }
}
