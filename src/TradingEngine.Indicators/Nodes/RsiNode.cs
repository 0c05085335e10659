using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Oscillators;
using TradingEngine.Types;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// <c>rsi</c>: Wilder's relative strength index (0..100) of a Number input or a candle field (close by default),
/// output <c>value</c>. Formula, seed (simple means of the first N gains/losses), lookback N and reference
/// (TA-Lib, bit-identical): see <see cref="RsiState"/>; the node only feeds the core.
/// With <c>emit: true</c> each value also goes to the output ring as an <see cref="Rsi"/>.
/// </summary>
public struct RsiNode : INode<RsiNode>
{
    private RsiState _core;
    private int _field;
    private bool _emit;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "rsi",
        "Relative strength index (Wilder, TA-Lib conventions) of a number or a candle field.",
        [StandardInput.Period(14), StandardInput.Field, StandardInput.Emit],
        StandardInput.Ports,
        [new OutputPort("value", PortType.Number)]);

    /// <inheritdoc/>
    public static RsiNode Create(NodeParameters parameters) => new()
    {
        _core = RsiState.Create(parameters.Int32("period")),
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
            context.Emit(new Rsi
            {
                Symbol = context.Symbol,
                Timeframe = StandardInput.TimeframeOf(context),
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
    public void ReadState(ref StateReader reader) => _core = RsiState.ReadFrom(CoreSnapshot.Read(ref reader));
}
