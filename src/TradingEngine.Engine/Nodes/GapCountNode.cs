using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary><c>gap_count</c>: messages lost upstream so far (sum of gap events' lost counts), so a pipeline can react to missing input.</summary>
public struct GapCountNode : INode<GapCountNode>
{
    private long _lost;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "gap_count",
        "Total messages reported lost by gap events.",
        [],
        [new InputPort("gaps", PortType.Gap)],
        [new OutputPort("lost", PortType.Integer)]);

    /// <inheritdoc/>
    public static GapCountNode Create(NodeParameters parameters) => default;

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        _lost += context.Event.Gap.LostCount;
        context.SetInteger(0, _lost);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer) => writer.WriteInt64(_lost);

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader) => _lost = reader.ReadInt64();
}
