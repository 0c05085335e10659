namespace TradingEngine.Engine.Dag;

/// <summary>
/// A node kind of the DAG: a struct that holds its own state and computes its outputs from its
/// inputs when one of them changed.
/// </summary>
/// <remarks>
/// <para>
/// Implement it on a <c>struct</c> (<c>public struct CandleFieldNode : INode&lt;CandleFieldNode&gt;</c>) and register it
/// with <see cref="NodeCatalog.Register{TNode}"/> from the composition root. The engine keeps all
/// nodes of one kind in one array per symbol and calls <see cref="Evaluate"/> through a function
/// pointer to a static generic trampoline, so the call is direct to the struct's method: no boxing,
/// no virtual or interface dispatch, and it works for kinds defined in any assembly and under NativeAOT.
/// </para>
/// <para>
/// Contract: <see cref="Evaluate"/> runs at most once per event, only when at least one input changed
/// in that event, after every node it reads has run. It returns true when it wrote a new output
/// (downstream nodes then run); false when nothing changed (e.g. still warming up). It must not
/// allocate, must not keep the <see cref="NodeContext"/>, and must use event time only (never the wall
/// clock). An exception is counted and reported with node id and event; the node's dependents skip
/// that event and the executor goes on, so a node should leave its state consistent before it throws.
/// </para>
/// </remarks>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
public interface INode<TSelf>
    where TSelf : struct, INode<TSelf>
{
    /// <summary>The kind's name, parameters and ports. Called once at registration.</summary>
    static abstract NodeKindInfo Describe();

    /// <summary>
    /// Creates one node from checked parameters. Throw <see cref="ArgumentException"/> for a bad
    /// combination of values (e.g. fast period not below slow); the builder reports it with file,
    /// line and node.
    /// </summary>
    static abstract TSelf Create(NodeParameters parameters);

    /// <summary>
    /// How a compiled plan may run <paramref name="node"/> without calling <see cref="Evaluate"/>
    /// (<see cref="InlineForm"/>); <see cref="InlineForm.None"/> unless the kind declares a form. Asked once per step
    /// when a plan is compiled, never on the hot path. A kind that declares a form must compute exactly what the form
    /// says in <see cref="Evaluate"/> too: the bitset walk and NativeAOT call it.
    /// </summary>
    static virtual InlineForm Inlining(in TSelf node) => InlineForm.None;

    /// <summary>Computes outputs from inputs; returns true when an output changed.</summary>
    bool Evaluate(NodeContext context);

    /// <summary>Writes the node's whole state (everything <see cref="Evaluate"/> depends on besides its inputs).</summary>
    void WriteState(ref StateWriter writer);

    /// <summary>
    /// Restores the state written by <see cref="WriteState"/>. Called on a node freshly made by
    /// <see cref="Create"/> with the same parameters, so parameters need not be written.
    /// </summary>
    void ReadState(ref StateReader reader);
}
