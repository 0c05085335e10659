using System.Runtime.CompilerServices;
using TradingEngine.Engine.Aggregation;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// What the executor writes into a <see cref="NodeContext"/> per step, and what a compiled plan
/// (<see cref="PlanCompiler"/>) reads and writes directly: the step's view (its first input port, first output slot,
/// index), the value board with its valid flags, the aggregator's per-timeframe states, and the exception of a node
/// that threw inside a compiled plan. Public fields of an internal struct, held inline by the context (no indirection
/// for the nodes), so the emitted code names them as plain public members: no reflection on non-public members.
/// </summary>
/// <remarks>
/// A compiled plan sets a step's view through <see cref="Enter"/> on the context (inlined: three stores to the
/// context's own fields), not through the frame reference it is passed: stored that way, the JIT carries the constant
/// bases into the node code it inlines after them (port heads and output slots at constant indices), which a store
/// through a reference it cannot tie to the context would hide (es_futures.yaml ran at ~0.6× with that, paired).
/// </remarks>
internal struct StepFrame
{
    /// <summary>First input port of the running step (an index into the compiled DAG's per-port arrays).</summary>
    public int PortBase;

    /// <summary>First board slot of the running step's outputs.</summary>
    public int OutputBase;

    /// <summary>The running step (what a failure names; what messages carry as their node id).</summary>
    public int CurrentStep;

    /// <summary>The value board: 8 bytes per output slot (DagInstance's).</summary>
    public long[] Board;

    /// <summary>Whether each board slot holds a value.</summary>
    public bool[] Valid;

    /// <summary>The aggregator's per-timeframe states, fixed for its life: forming and closed candles read in place.</summary>
    public BarState[] Bars;

    /// <summary>Set by a compiled plan whose node threw (it then returns −1); the executor takes it and clears it.</summary>
    public Exception? Error;

    /// <summary>Makes <paramref name="context"/> the view of step <paramref name="step"/> (what the walks and compiled plans do before each node).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(NodeContext context, int portBase, int outputBase, int step)
    {
        context.Frame.PortBase = portBase;
        context.Frame.OutputBase = outputBase;
        context.Frame.CurrentStep = step;
    }
}
