using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// One published node output: written to the output sink after the DAG walk of the event in which
/// the node produced it. <see cref="Step"/> indexes <see cref="CompiledDag.Steps"/> (node id, kind,
/// port names), so the struct carries no strings.
/// </summary>
public struct NodeOutput
{
    /// <summary>The symbol.</summary>
    public SymbolId Symbol;

    /// <summary>Index of the node in <see cref="CompiledDag.Steps"/>.</summary>
    public int Step;

    /// <summary>Output port index in the kind's declared order.</summary>
    public int Port;

    /// <summary>Number (double bits in <see cref="Raw"/>) or Integer.</summary>
    public PortType Type;

    /// <summary>The pipeline asked the database sink to keep this output.</summary>
    public bool Persist;

    /// <summary>Event time of the triggering event.</summary>
    public long EventTime;

    /// <summary>Source sequence of the triggering event (journal / JetStream position).</summary>
    public long SourceSequence;

    /// <summary>The value's 8 bytes.</summary>
    public long Raw;

    /// <summary>The value as a double (for Number outputs).</summary>
    public readonly double Number => BitConverter.Int64BitsToDouble(Raw);

    /// <summary>
    /// Writes this output into <paramref name="slot"/> as the <see cref="NodeValue"/> message of the external contract
    /// (<c>node_value</c>): node = <see cref="Step"/>, port index, persist flag, the value as a double. The one conversion
    /// both the live output ring and a replay's output file use.
    /// </summary>
    public readonly void WriteNodeValue(ref OutputMessage slot)
    {
        slot = default;
        slot.Kind = MessageType.NodeValue;
        slot.NodeId = Step;
        slot.SourceSequence = SourceSequence;
        ref var v = ref slot.NodeValue;
        v.Symbol = Symbol;
        v.EventTime = EventTime;
        v.Port = (ushort)Port;
        v.Persist = Persist;
        // an Integer port's 8 bytes are a long, not double bits
        v.Value = Type == PortType.Number ? Number : Raw;
    }
}
