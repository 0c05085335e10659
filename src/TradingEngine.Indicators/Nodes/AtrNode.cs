using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Volatility;
using TradingEngine.Types;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// <c>atr</c>: Wilder's average true range of a candle series (high, low, close), output <c>value</c> in price
/// units. Formula, seed (mean of the first N true ranges, the first bar has none), lookback N and reference
/// (TA-Lib, bit-identical): see <see cref="AtrState"/>; the node only feeds the core.
/// With <c>emit: true</c> each value also goes to the output ring as an <see cref="Atr"/>.
/// </summary>
internal struct AtrNode : INode<AtrNode>
{
    private const int CandlesIn = 0;
    private const int ValueOut = 0;

    private AtrState _core;
    private bool _emit;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "atr",
        "Average true range (Wilder, TA-Lib conventions) of a candle series.",
        [StandardInput.Period(14), StandardInput.Emit],
        PortList.Of((CandlesIn, new InputPort("candles", PortType.Candle, Description: "candles:TF (closed bars) or external:TF"))),
        PortList.Of((ValueOut, new OutputPort("value", PortType.Number))));

    /// <inheritdoc/>
    public static AtrNode Create(NodeParameters parameters) => new()
    {
        _core = AtrState.Create(parameters.Int32("period")),
        _emit = parameters.Boolean("emit"),
    };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        ref readonly var c = ref context.Candle(CandlesIn);
        var p = c.PricePrecision;
        if (!_core.Update(FixedPoint.ToDouble(c.HighRaw, p), FixedPoint.ToDouble(c.LowRaw, p), FixedPoint.ToDouble(c.CloseRaw, p), out var value))
            return false;
        context.SetNumber(ValueOut, value);
        if (_emit)
        {
            context.Emit(new Atr
            {
                Symbol = context.Symbol,
                Timeframe = c.Timeframe,
                EventTime = context.EventTime,
                Period = (ushort)_core.Period,
                Value = value,
            });
        }
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer) => CoreSnapshot.Write(ref writer, _core.SnapshotSize, in _core, static (in core, destination) => core.WriteTo(destination));

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader) => _core = AtrState.ReadFrom(CoreSnapshot.Read(ref reader));
}
