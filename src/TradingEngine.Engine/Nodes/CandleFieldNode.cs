using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.Nodes;

/// <summary>
/// <c>candle_field</c>: one field of a candle as a number (close by default). The bridge from
/// candle sources to numeric nodes: <c>inputs: [candles:5m]</c> gives the closed 5m close,
/// <c>[forming:5m]</c> the forming one on every tick.
/// </summary>
internal struct CandleFieldNode : INode<CandleFieldNode>
{
    private const int SourceIn = 0;
    private const int ValueOut = 0;

    private static readonly string[] Fields = ["close", "open", "high", "low", "volume", "typical", "ticks"];
    private int _field;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "candle_field",
        "One field of a candle (close, open, high, low, volume, typical = (H+L+C)/3, ticks) as a number.",
        [ParameterSpec.Choice("field", "close", Fields, "which field")],
        PortList.Of((SourceIn, new InputPort("source", PortType.Candle, Description: "candles:TF, forming:TF or external:TF"))),
        PortList.Of((ValueOut, new OutputPort("value", PortType.Number))));

    /// <inheritdoc/>
    public static CandleFieldNode Create(NodeParameters parameters) => new() { _field = Array.IndexOf(Fields, parameters.Text("field")) };

    /// <summary>
    /// The close (the default) is <see cref="InlineForm.FormingClose"/>: output <see cref="ValueOut"/> = the close of input
    /// <see cref="SourceIn"/>, which a compiled plan runs inline on a forming candle; the other fields are called.
    /// </summary>
    public static InlineForm Inlining(in CandleFieldNode node) => node._field == 0 ? InlineForm.FormingClose : InlineForm.None;

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        // Close (the default, and every forming:TF bridge of a tick pipeline) stays small enough to inline into the
        // step's trampoline; the other fields take the out-of-line switch.
        ref readonly var c = ref context.Candle(SourceIn);
        context.SetNumber(ValueOut, _field == 0 ? PriceMath.ToDouble(c.CloseRaw, c.PricePrecision) : OtherField(in c));
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
