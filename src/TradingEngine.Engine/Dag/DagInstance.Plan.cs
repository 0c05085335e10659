using System.Numerics;
using System.Runtime.CompilerServices;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// Compiled plans: the steps of the scheduled sets a symbol's events usually have, as one emitted method each
/// (<see cref="PlanCompiler"/>), for DAGs of up to 64 steps (one word of scheduled bits) under a JIT. Which steps an
/// event schedules depends only on the sources it fired, and three sets make up most of a stream: a trade that updates
/// every forming candle, a trade that updates none, and a quote. After a symbol's <see cref="PlanAfter"/>-th event of
/// those sets, the code of all of them is fetched from the <see cref="CompiledDag"/> (compiled once there, shared by
/// its symbols), and from then on every event of one of them runs its code; every other event (a close, a heartbeat
/// that closes a candle, the rest of an event after a node threw) takes the bitset walk (DagInstance.Walk.cs).
/// </summary>
/// <remarks>
/// The last compiled set run is kept in <see cref="_planKey"/>/<see cref="_planCode"/>, which <see cref="Execute{TSink}"/>'s
/// inline path compares with the event's set (one compare); a change between compiled sets (trades interleaved with
/// quotes) goes through <see cref="SwitchToCompiled"/>. A plan's code runs a step only when one of its inputs changed,
/// in step order, exactly as the bitset walk does. An earlier version also walked any set that recurred 4 events in a
/// row from a preallocated list of its steps (the "listed plan", the fallback without a JIT); it was dropped with
/// issue 22: it duplicated the bitset walk for a few per cent on runs without a JIT only, and the pipeline suite
/// runs compiled.
/// </remarks>
public sealed partial class DagInstance
{
    /// <summary>Events of the compiled sets after which an instance fetches their code (the nodes' static state is initialised by then).</summary>
    internal const int PlanAfter = 4;

    private readonly int[] _bankOf; // per step: its bank's index in _banks (the same in every instance of the DAG)
    private ulong _planKey; // the set _planCode runs (0, no step, until a compiled set ran)
    private CompiledPlan? _planCode;

    // The sets a plan is compiled for: a trade that updates every forming candle and closes none, a trade that updates
    // none (outside the candles' session, or filtered out of them), and a quote; distinct, not empty; none for a DAG of
    // more than 64 steps or with a step whose inputs span two words of the changed bits.
    private readonly ulong[] _compiledSets = [];

    // Per compiled set: its code, fetched together (see CountTowardsCompiled); null when plans are not compiled.
    private readonly CompiledPlan?[] _compiledCode = [];
    private int _compiledSeen;

    /// <summary>Events whose steps ran from a compiled plan (the rest took the bitset walk).</summary>
    internal long CompiledEvents { get; private set; }

    /// <summary>The sets this DAG compiles plans for (see <see cref="_compiledSets"/>).</summary>
    internal ReadOnlySpan<ulong> CompiledSets => _compiledSets;

    /// <summary>The steps of set <paramref name="scheduled"/> as one method (called by <see cref="CompiledDag"/> once per set).</summary>
    internal CompiledPlan CompilePlan(ulong scheduled)
    {
        var steps = new List<PlanCompiler.PlanStep>();
        for (var bits = scheduled; bits != 0; bits &= bits - 1)
        {
            var i = BitOperations.TrailingZeroCount(bits);
            ref readonly var step = ref _steps[i];
            // a node that declares itself the close of its candle (candle_field's default, the bridge a trade's set runs
            // for every timeframe), bound to a forming candle: inline, see PlanCompiler. A closed candle's bridge runs
            // on closes, which are not compiled.
            var formingSlot = -1;
            var binding = _dag.PortStart[step.PortBase];
            if (step.Bank.Inlining(step.Index) == InlineForm.FormingClose && _dag.BindMode[binding] == NodeContext.ModeForming)
                formingSlot = _dag.BindSlot[binding];
            steps.Add(new PlanCompiler.PlanStep(i, _bankOf[i], step.Index, step.Bank.EvaluatorMethod, step.PortBase, step.OutputBase, step.MaskWord, step.Mask, _sourceCount + i, formingSlot));
        }
        return PlanCompiler.CompileOrReuse(steps, _changed.Length);
    }

    /// <summary>
    /// How many steps of the plan ran up to and including <paramref name="failedStep"/>, which threw inside the compiled
    /// plan (whose count is lost with the exception). A plan step ran exactly when one of its inputs had changed, and
    /// its inputs are sources and earlier steps, whose bits were final before it was tested: the same test now gives
    /// the same answer.
    /// </summary>
    private long PlanStepsRunThrough(int failedStep)
    {
        long ran = 0;
        for (var bits = _planKey; bits != 0; bits &= bits - 1)
        {
            var i = BitOperations.TrailingZeroCount(bits);
            if (i > failedStep)
                break;
            ref readonly var step = ref _steps[i];
            if ((_changed[step.MaskWord] & step.Mask) != 0)
                ran++;
        }
        return ran;
    }

    /// <summary>
    /// The scheduled set of an event the bitset walk runs: on the <see cref="PlanAfter"/>-th event of the compiled sets
    /// (in a row or not: trades and quotes interleave), fetches the code of all of them, so each runs compiled from its
    /// next event on.
    /// </summary>
    private void CountTowardsCompiled(ulong scheduled)
    {
        if (_compiledSeen >= PlanAfter || Array.IndexOf(_compiledSets, scheduled) < 0 || ++_compiledSeen != PlanAfter)
            return;
        // CompiledDag compiles all of them together on the first call; null when plans are not compiled
        for (var k = 0; k < _compiledSets.Length; k++)
            _compiledCode[k] = _dag.PlanCode(_compiledSets[k], this);
    }

    /// <summary>
    /// An event whose set is not <see cref="_planKey"/>: when it is one of the compiled sets (and this instance has their
    /// code), it becomes the plan and runs compiled. A symbol's trades and quotes interleave, and a trade that closes a
    /// candle or a heartbeat comes between trades.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SwitchToCompiled(ulong scheduled)
    {
        var sets = _compiledSets;
        for (var k = 0; k < sets.Length; k++)
        {
            if (sets[k] == scheduled && _compiledCode[k] is { } code)
            {
                _planKey = scheduled;
                _planCode = code;
                return true;
            }
        }
        return false;
    }
}
