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
}
