using System.Numerics;
using System.Runtime.CompilerServices;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// The plan: the steps of the scheduled set a symbol's events usually have, listed once in step order, for DAGs of
/// up to 64 steps (one word of scheduled bits). Which steps an event schedules depends only on the sources it fired,
/// and one set dominates a symbol's stream: a trade that updates every forming candle. Events of that set walk the
/// list; the others (heartbeats, closes, quotes) take the bitset walk. A set that comes back
/// <see cref="PlanAfter"/> events in a row becomes the plan. Under a JIT, a trade's and a quote's plans run as one
/// compiled method instead of the list (<see cref="PlanCompiler"/>; +17 to +20 % on bench.yaml, paired), and an event
/// of a compiled set makes it the plan at once, so trades interleaved with quotes, closes and heartbeats all run
/// compiled (with three quotes per trade on bench.yaml: 4.6M → 5.9M trades/s). An event that schedules nothing
/// (a heartbeat that closes no candle, a quote no node reads) takes no walk and leaves the plan as it is.
/// </summary>
/// <remarks>
/// The list is the set's bits in ascending order, so no order changes, and every listed step still runs only when
/// one of its inputs changed in the event. Lists are preallocated, one per length, so a plan change allocates
/// nothing. After a node failure the rest of the event takes the bitset walk, which also skips the failed node's
/// dependents. Measured on perf/pipelines/bench.yaml (5 paired runs, in-process): +3 to +7 % ticks/s, outputs identical;
/// an array walked by <c>foreach</c> measured faster than a span over a longer buffer (the span's length takes a
/// register the loop needs across the node calls).
/// </remarks>
public sealed partial class DagInstance
{
    /// <summary>Consecutive events with one scheduled set after which that set becomes the plan.</summary>
    internal const int PlanAfter = 4;

    private readonly int[][] _planOfLength;
    private ulong _planKey; // until a set recurs, the plan is that of the empty set: no step
    private int[] _plan = [];
    private ulong _candidate;
    private int _candidateRun;

    private readonly int[] _bankOf; // per step: its bank's index in _banks (the same in every instance of the DAG)
    private CompiledPlan? _planCode; // the plan compiled, when there is a JIT

    // The sets a plan is compiled for: a trade that updates every forming candle and closes none, a trade that updates
    // none (outside the candles' session, or filtered out of them), and a quote; distinct, not empty. They are the
    // sets of a symbol's usual events, and all of them are compiled together after a symbol's PlanAfter-th event of
    // any of them, at the start of a stream; a set that recurs otherwise (a run of closes) is walked from its list, so
    // nothing is compiled or allocated mid-stream.
    private readonly ulong[] _compiledSets = [];

    // Per compiled set: its code (fetched together, see Observe) and its step list.
    private readonly CompiledPlan?[] _compiledCode = [];
    private readonly int[][] _compiledLists = [];
    private int _compiledSeen;
    private bool _compiledFetched;

    /// <summary>Events whose steps ran from the plan (the rest took the bitset walk).</summary>
    internal long PlanEvents { get; private set; }

    /// <summary>Events whose steps ran from a compiled plan.</summary>
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
        foreach (var i in _plan)
        {
            if (i > failedStep)
                break;
            ref readonly var step = ref _steps[i];
            if ((_changed[step.MaskWord] & step.Mask) != 0)
                ran++;
        }
        return ran;
    }

    /// <summary>
    /// The scheduled set of an event that did not take the plan: fetches the compiled code once the symbol has had
    /// <see cref="PlanAfter"/> events of the compiled sets (in a row or not: trades and quotes interleave), counts runs
    /// and adopts a recurring set.
    /// </summary>
    private void Observe(ulong scheduled)
    {
        if (_planOfLength.Length == 0)
            return; // this DAG walks bits only (see the constructor)
        var compiledIndex = Array.IndexOf(_compiledSets, scheduled);
        if (compiledIndex >= 0 && !_compiledFetched && ++_compiledSeen == PlanAfter)
        {
            // all of the DAG's compiled sets at once (CompiledDag compiles them together on the first call; null
            // when plans are not compiled), so that each of them runs compiled from its next event on
            _compiledFetched = true;
            for (var k = 0; k < _compiledSets.Length; k++)
                _compiledCode[k] = _dag.PlanCode(_compiledSets[k], this);
        }
        if (scheduled != _candidate)
        {
            _candidate = scheduled;
            _candidateRun = 1;
            return;
        }
        if (++_candidateRun != PlanAfter)
            return;
        var plan = _planOfLength[BitOperations.PopCount(scheduled)];
        ListSteps(scheduled, plan);
        _plan = plan;
        _planKey = scheduled;
        _planCode = compiledIndex >= 0 ? _compiledCode[compiledIndex] : null;
    }

    /// <summary>The steps of <paramref name="set"/> in ascending order into <paramref name="list"/> (its length is the set's size).</summary>
    private static void ListSteps(ulong set, int[] list)
    {
        var n = 0;
        for (var bits = set; bits != 0; bits &= bits - 1)
            list[n++] = BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>
    /// An event whose set is not the plan: when it is one of the compiled sets (and this instance has their code), it
    /// becomes the plan at once. A symbol's trades and quotes interleave, and a trade that closes a candle or a run of
    /// heartbeats comes between trades: without this, each change of set would take <see cref="PlanAfter"/> events of
    /// walking before the compiled code ran again.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SwitchToCompiled(ulong scheduled)
    {
        var sets = _compiledSets;
        for (var k = 0; k < sets.Length; k++)
        {
            if (sets[k] == scheduled && _compiledCode[k] is { } code)
            {
                _plan = _compiledLists[k];
                _planKey = scheduled;
                _planCode = code;
                _candidate = scheduled;
                _candidateRun = PlanAfter;
                return true;
            }
        }
        return false;
    }
}
