using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary><c>gap_count</c>: messages lost upstream so far (sum of gap events' lost counts), so a pipeline can react to missing input.</summary>
internal struct GapCountNode : INode<GapCountNode>
{
    private const int GapsIn = 0;
    private const int LostOut = 0;

    private long _lost;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "gap_count",
        "Total messages reported lost by gap events.",
        [],
        PortList.Of((GapsIn, new InputPort("gaps", PortType.Gap))),
        PortList.Of((LostOut, new OutputPort("lost", PortType.Integer))));

    /// <inheritdoc/>
    public static GapCountNode Create(NodeParameters parameters) => default;

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        _lost += context.Event.Gap.LostCount;
        context.SetInteger(LostOut, _lost);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer) => writer.WriteInt64(_lost);

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader) => _lost = reader.ReadInt64();
}
