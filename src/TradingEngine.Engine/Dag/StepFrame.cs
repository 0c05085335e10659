using System.Runtime.CompilerServices;
using TradingEngine.Engine.Aggregation;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// What a compiled plan (<see cref="PlanCompiler"/>) may do to a <see cref="NodeContext"/>: make it the view of a step,
/// read the board, valid flags and candle states the inline bridge uses, and leave a node's exception. Public static
/// members of an internal class, so the emitted code names only public members (no reflection on non-public ones),
/// and each is inlined into the plan: <see cref="Enter"/> becomes three stores to the context's own fields, from which
/// the JIT carries the constant bases into the node code it inlines after them.
/// </summary>
internal static class StepFrame
{
    /// <summary>Makes <paramref name="context"/> the view of step <paramref name="step"/> (what the walks and compiled plans do before each node).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(NodeContext context, int portBase, int outputBase, int step)
    {
        context.PortBase = portBase;
        context.OutputBase = outputBase;
        context.CurrentStep = step;
    }

    /// <summary>The value board (8 bytes per output slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long[] Board(NodeContext context) => context.BoardValues;

    /// <summary>Whether each board slot holds a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool[] Valid(NodeContext context) => context.BoardValid;

    /// <summary>The aggregator's per-timeframe states (forming and closed candles, read in place).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BarState[] Bars(NodeContext context) => context.Bars;

    /// <summary>Leaves the exception of a node that threw inside a compiled plan (which then returns −1) for the instance.</summary>
    public static void Fail(NodeContext context, Exception error) => context.PlanError = error;
}
