using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary><c>clock</c>: event time of each timer/heartbeat event (UTC nanoseconds), for nodes that act on elapsed event time.</summary>
internal struct ClockNode : INode<ClockNode>
{
    private const int TimerIn = 0;
    private const int TimeOut = 0;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "clock",
        "Event time of timer events, in UTC nanoseconds.",
        [],
        PortList.Of((TimerIn, new InputPort("timer", PortType.Timer))),
        PortList.Of((TimeOut, new OutputPort("time", PortType.Integer))));

    /// <inheritdoc/>
    public static ClockNode Create(NodeParameters parameters) => default;

    /// <inheritdoc/>
    public readonly bool Evaluate(NodeContext context)
    {
        context.SetInteger(TimeOut, context.EventTime);
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
