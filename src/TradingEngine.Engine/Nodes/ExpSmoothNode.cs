using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary>
/// <c>exp_smooth</c>: exponential smoothing with α = 2/(period+1), seeded by the mean of the first
/// <c>period</c> values (the EMA convention); valid from the period-th value on. A stand-in of equal
/// work for the Indicators EMA node.
/// </summary>
public struct ExpSmoothNode : INode<ExpSmoothNode>
{
    private double _alpha;
    private double _value;
    private int _period;
    private long _count;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "exp_smooth",
        "Exponential smoothing (EMA arithmetic, SMA seed) of a number.",
        [ParameterSpec.Integer("period", null, 1, 100_000, "smoothing period")],
        [new InputPort("source", PortType.Number)],
        [new OutputPort("value", PortType.Number)]);

    /// <inheritdoc/>
    public static ExpSmoothNode Create(NodeParameters parameters)
    {
        var period = parameters.Int32("period");
        return new ExpSmoothNode { _period = period, _alpha = 2.0 / (period + 1) };
    }

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        if (!context.IsValid(0))
            return false;
        var x = context.Number(0);
        var n = ++_count;
        if (n > _period)
            _value = ((x - _value) * _alpha) + _value;
        else
        {
            _value += x;
            if (n < _period)
                return false;
            _value /= _period;
        }
        context.SetNumber(0, _value);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteDouble(_value);
        writer.WriteInt64(_count);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _value = reader.ReadDouble();
        _count = reader.ReadInt64();
    }
}
