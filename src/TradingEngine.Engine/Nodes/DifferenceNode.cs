using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary><c>difference</c>: a − b, valid when both inputs are (e.g. a MACD line from two smoothings).</summary>
public struct DifferenceNode : INode<DifferenceNode>
{
    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "difference",
        "a - b of two numbers.",
        [],
        [new InputPort("a", PortType.Number), new InputPort("b", PortType.Number)],
        [new OutputPort("value", PortType.Number)]);

    /// <inheritdoc/>
    public static DifferenceNode Create(NodeParameters parameters) => default;

    /// <inheritdoc/>
    public readonly bool Evaluate(NodeContext context)
    {
        if (!context.IsValid(0) || !context.IsValid(1))
            return false;
        context.SetNumber(0, context.Number(0) - context.Number(1));
        return true;
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
