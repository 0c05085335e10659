using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Engine.Nodes;

/// <summary>
/// <c>contract_rolls</c>: how many times the series' front contract changed (gap events of reason
/// <see cref="GapReason.ContractRoll"/>), and the time of the last roll. The reference use of the roll hook: a node that
/// must act at a roll declares the input <c>gaps</c> and checks <c>context.Event.Gap.Reason</c> (docs/rolls.md).
/// </summary>
internal struct ContractRollNode : INode<ContractRollNode>
{
    private const int GapsIn = 0;
    private const int RollsOut = 0;
    private const int LastRollTimeOut = 1;

    private long _rolls;
    private long _lastRoll;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "contract_rolls",
        "Number of contract rolls of a continuous futures series so far, and the event time of the last one.",
        [],
        PortList.Of((GapsIn, new InputPort("gaps", PortType.Gap))),
        PortList.Of((RollsOut, new OutputPort("rolls", PortType.Integer)), (LastRollTimeOut, new OutputPort("last_roll_time", PortType.Integer))));

    /// <inheritdoc/>
    public static ContractRollNode Create(NodeParameters parameters) => default;

    /// <inheritdoc/>
    public bool Evaluate(NodeContext context)
    {
        ref readonly var gap = ref context.Event.Gap;
        if (gap.Reason != GapReason.ContractRoll)
            return false;
        _rolls++;
        _lastRoll = gap.EventTime;
        context.SetInteger(RollsOut, _rolls);
        context.SetInteger(LastRollTimeOut, _lastRoll);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
        writer.WriteInt64(_rolls);
        writer.WriteInt64(_lastRoll);
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
        _rolls = reader.ReadInt64();
        _lastRoll = reader.ReadInt64();
    }
}
