using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary><c>difference</c>: a − b, valid when both inputs are (e.g. a MACD line from two smoothings).</summary>
internal struct DifferenceNode : INode<DifferenceNode>
{
    private const int AIn = 0;
    private const int BIn = 1;
    private const int ValueOut = 0;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "difference",
        "a - b of two numbers.",
        [],
        PortList.Of((AIn, new InputPort("a", PortType.Number)), (BIn, new InputPort("b", PortType.Number))),
        PortList.Of((ValueOut, new OutputPort("value", PortType.Number))));

    /// <inheritdoc/>
    public static DifferenceNode Create(NodeParameters parameters) => default;

    /// <inheritdoc/>
    public readonly bool Evaluate(NodeContext context)
    {
        if (!context.IsValid(AIn) || !context.IsValid(BIn))
            return false;
        context.SetNumber(ValueOut, context.Number(AIn) - context.Number(BIn));
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
