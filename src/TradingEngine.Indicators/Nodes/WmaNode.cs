using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.MovingAverages;
using TradingEngine.Types;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// <c>wma</c>: Weighted moving average of a Number input or a candle field (close by default), output <c>value</c>.
/// Formula, seed, lookback and reference: see <see cref="WmaState"/> (TA-Lib's conventions, bit-identical to it);
/// the node only feeds the core and copies its output, so the node equals the core bit for bit.
/// With <c>emit: true</c> each value also goes to the output ring as a <see cref="MovingAverage"/>.
/// </summary>
public struct WmaNode : INode<WmaNode>
{
    private WmaState _core;
    private int _field;
    private bool _emit;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "wma",
        "Weighted moving average (TA-Lib conventions) of a number or a candle field.",
        [StandardInput.Period(null), StandardInput.Field, StandardInput.Emit],
        StandardInput.Ports,
        [new OutputPort("value", PortType.Number)]);

    /// <inheritdoc/>
    public static WmaNode Create(NodeParameters parameters) => new()
    {
        _core = WmaState.Create(parameters.Int32("period")),
        _field = StandardInput.FieldIndex(parameters),
        _emit = parameters.Boolean("emit"),
    };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        if (!StandardInput.TryRead(context, _field, out var x) || !_core.Update(x, out var value))
            return false;
        context.SetNumber(0, value);
        if (_emit)
        {
            context.Emit(new MovingAverage
            {
                Symbol = context.Symbol,
                Timeframe = StandardInput.TimeframeOf(context),
                EventTime = context.EventTime,
                Kind = MovingAverageKind.Wma,
                Period = (ushort)_core.Period,
                Value = value,
            });
        }
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer) => CoreSnapshot.Write(ref writer, _core.SnapshotSize, in _core, static (in core, destination) => core.WriteTo(destination));

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader) => _core = WmaState.ReadFrom(CoreSnapshot.Read(ref reader));
}
