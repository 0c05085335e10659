using System.Reflection;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// All nodes of one kind in one DAG instance, stored contiguously. The hot path reaches a node
/// through <see cref="Evaluator"/>, a function pointer to a static generic trampoline; the virtual
/// members here are build, snapshot and restore paths only.
/// </summary>
internal abstract unsafe class NodeBank
{
    public abstract int Count { get; }

    public abstract delegate*<NodeBank, int, NodeContext, bool> Evaluator { get; }

    /// <summary>The method <see cref="Evaluator"/> points to, for compiled plans (<see cref="PlanCompiler"/>).</summary>
    public abstract MethodInfo EvaluatorMethod { get; }

    public abstract int Add(NodeParameters parameters);

    /// <summary>How a compiled plan may run node <paramref name="index"/> (<see cref="INode{TSelf}.Inlining"/>).</summary>
    public abstract InlineForm Inlining(int index);

    public abstract void WriteState(int index, ref StateWriter writer);

    public abstract void ReadState(int index, ref StateReader reader);
}
