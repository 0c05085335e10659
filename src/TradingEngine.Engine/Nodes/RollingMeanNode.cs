using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary>
/// <c>rolling_mean</c>: mean of the last <c>period</c> values, recomputed from the window each time
/// (no running sum, so no drift), valid once the window is full. Stand-in for the Indicators SMA.
/// </summary>
public struct RollingMeanNode : INode<RollingMeanNode>
{
    private double[] _window;
    private long _count;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "rolling_mean",
        "Mean of the last period values.",
        [ParameterSpec.Integer("period", null, 1, 10_000, "window length")],
        [new InputPort("source", PortType.Number)],
        [new OutputPort("value", PortType.Number)]);

    /// <inheritdoc/>
    public static RollingMeanNode Create(NodeParameters parameters) => new() { _window = new double[parameters.Int32("period")] };

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        if (!context.IsValid(0))
            return false;
        var window = _window;
        window[(int)(_count % window.Length)] = context.Number(0);
        _count++;
        if (_count < window.Length)
            return false;
        var sum = 0.0;
        for (var i = 0; i < window.Length; i++)
            sum += window[i];
        context.SetNumber(0, sum / window.Length);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteInt64(_count);
        writer.WriteInt32(_window.Length);
        foreach (var v in _window)
            writer.WriteDouble(v);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _count = reader.ReadInt64();
        var length = reader.ReadInt32();
        if (length != _window.Length)
            throw new InvalidDataException($"rolling_mean snapshot has period {length}, node has {_window.Length}");
        for (var i = 0; i < length; i++)
            _window[i] = reader.ReadDouble();
    }
}
