using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// The steps of one scheduled set as straight-line code (see <see cref="PlanCompiler"/>): returns how many steps ran,
/// or −1 when a node threw (its exception left in the context by <see cref="StepFrame.Fail"/>, the event not finished).
/// </summary>
internal delegate long CompiledPlan(NodeBank[] banks, NodeContext context, ulong[] changed);

/// <summary>
/// Compiles a plan (a recurring scheduled set, DagInstance.Plan.cs) into one method: for each step of the set, in
/// step order, the test of its input bits, the context's view of the step and a direct call of its kind's
/// evaluator, with every index, mask and base a constant. It is the bitset walk over that set unrolled: no step table, no
/// bit scan, no indirect call per node (the JIT inlines small nodes whole), and the changed bits in registers between
/// steps. The bridge from a forming candle's close to a number (<c>candle_field</c>'s default) is emitted inline
/// instead of called: the close read in place and written to the board, the double the node itself would write.
/// </summary>
/// <remarks>
/// <para>
/// Same semantics as the bitset walk, step for step: a step runs only when one of its inputs changed, its changed bit
/// is stored before the next step runs (nodes read <see cref="NodeContext.Changed"/>), the context's current step is
/// kept, and a node that throws leaves the event where the bitset walk would have left it, so the failure restart and
/// the bitset walk take over unchanged. The steps that ran are counted in a register and returned. The method catches
/// a node's exception itself, leaves it in the context (<see cref="StepFrame.Fail"/>) and returns −1; the instance then hands it to
/// <see cref="DagInstance.OnPlanFailure"/>, which counts the steps that ran from the changed bits, so the executor's common path carries no exception frame.
/// </para>
/// <para>
/// The sets compiled are those of a symbol's usual events: a trade that updates every forming candle and closes none,
/// a trade that updates none (outside the candles' session, or filtered out of them), and a quote. They are compiled
/// together after an instance's <see cref="DagInstance.PlanAfter"/>-th event of any of them (so the nodes' static state
/// is initialised and the JIT can treat it as constant), once per compiled DAG,
/// and shared by every symbol of that DAG: node indices within a bank are the same in every instance. That one
/// compilation (1.2–1.6 ms for bench.yaml's sets, mostly the JIT on the first call; the only allocation) comes with
/// a symbol's first trades, and a DAG of the same shape compiled later in the process (the same pipeline again, or with
/// other parameters) reuses the code (<see cref="CompileOrReuse"/>: 20–30 µs); other sets (a close, a run of heartbeats) take the bitset walk, so nothing is
/// compiled or allocated mid-stream. Without a JIT (NativeAOT,
/// <see cref="RuntimeFeature.IsDynamicCodeSupported"/> false) nothing is compiled and the bitset walk runs, with the
/// same outputs.
/// </para>
/// </remarks>
internal static class PlanCompiler
{
    // Only public members (of the internal StepFrame where the context is concerned): nothing here reads or writes a
    // non-public member by reflection.
    private static readonly MethodInfo EnterMethod = typeof(StepFrame).GetMethod(nameof(StepFrame.Enter))!;
    private static readonly MethodInfo BarsMethod = typeof(StepFrame).GetMethod(nameof(StepFrame.Bars))!;
    private static readonly MethodInfo BoardMethod = typeof(StepFrame).GetMethod(nameof(StepFrame.Board))!;
    private static readonly MethodInfo ValidMethod = typeof(StepFrame).GetMethod(nameof(StepFrame.Valid))!;
    private static readonly MethodInfo FailMethod = typeof(StepFrame).GetMethod(nameof(StepFrame.Fail))!;
    private static readonly FieldInfo FormingCandleField = typeof(BarState).GetField(nameof(BarState.Forming))!;
    private static readonly FieldInfo CloseRawField = typeof(Candle).GetField(nameof(Candle.CloseRaw))!;
    private static readonly FieldInfo PricePrecisionField = typeof(Candle).GetField(nameof(Candle.PricePrecision))!;
    private static readonly MethodInfo ToDoubleMethod = typeof(PriceMath).GetMethod(nameof(PriceMath.ToDouble), [typeof(long), typeof(byte)])!;
    private static readonly MethodInfo DoubleBitsMethod = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits), [typeof(double)])!;

    /// <summary>One step of the set: where its node lives and what the context must say while it runs.</summary>
    /// <remarks>
    /// <paramref name="FormingSlot"/> ≥ 0 marks a step whose node declares <see cref="InlineForm.FormingClose"/> (the
    /// default <c>candle_field</c>) and reads the close of timeframe
    /// <paramref name="FormingSlot"/>'s forming candle: the bridge from candles to numbers that tick-level chains start
    /// with, emitted inline (see <see cref="EmitFormingClose"/>).
    /// </remarks>
    public readonly record struct PlanStep(int Step, int Bank, int Index, MethodInfo Evaluator, int PortBase, int OutputBase, int MaskWord, ulong Mask, int Signal, int FormingSlot = -1);

    // Compiled plans by shape, for the whole process: a plan's code depends only on its steps' constants (indices,
    // masks, bases, evaluators) and the words of changed bits, not on the pipeline's parameters or the DAG instance, so a
    // pipeline compiled again (another executor of the same pipeline, a replay or a parameter sweep in one process)
    // reuses the code instead of emitting and JIT-compiling it again (about 1.2 ms for bench.yaml's sets). Bounded for
    // programs that generate topologies without end (a strategy search): at MaxCachedPlans shapes the cache starts over.
    private const int MaxCachedPlans = 4096;
    private static readonly Dictionary<PlanShape, CompiledPlan> Cache = [];

    /// <summary>The set's steps as one method, from the process-wide cache when a plan of the same shape was compiled before.</summary>
    public static CompiledPlan CompileOrReuse(IReadOnlyList<PlanStep> steps, int signalWords)
    {
        var shape = new PlanShape([.. steps], signalWords);
        lock (Cache)
        {
            if (Cache.TryGetValue(shape, out var cached))
                return cached;
        }
        var plan = Compile(steps, signalWords);
        lock (Cache)
        {
            if (Cache.TryGetValue(shape, out var raced))
                return raced;
            if (Cache.Count == MaxCachedPlans)
                Cache.Clear();
            Cache.Add(shape, plan);
        }
        return plan;
    }

    /// <summary>Emits the set's steps; <paramref name="signalWords"/> words of changed bits are kept in locals.</summary>
    public static CompiledPlan Compile(IReadOnlyList<PlanStep> steps, int signalWords)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported)
            throw new PlatformNotSupportedException("compiled plans need a JIT");
        var method = new DynamicMethod(
            "plan",
            typeof(long),
            [typeof(NodeBank[]), typeof(NodeContext), typeof(ulong[])],
            typeof(DagInstance).Module,
            skipVisibility: true);
        var il = method.GetILGenerator();
        var ran = il.DeclareLocal(typeof(long));
        var words = new LocalBuilder[signalWords];
        for (var w = 0; w < words.Length; w++)
        {
            words[w] = il.DeclareLocal(typeof(ulong));
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4, w);
            il.Emit(OpCodes.Ldelem_I8);
            il.Emit(OpCodes.Stloc, words[w]);
        }
        if (steps.Count > 0)
        {
            // banks[highest bank]: one range check here proves every constant index below it, so the steps' loads of
            // their banks carry none
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, steps.Max(step => step.Bank));
            il.Emit(OpCodes.Ldelem_Ref);
            il.Emit(OpCodes.Pop);
        }
        // the arrays an inline forming close reads and writes, loaded once
        LocalBuilder? bars = null, board = null, valid = null, candle = null;
        if (steps.Any(step => step.FormingSlot >= 0))
        {
            bars = Load(il, BarsMethod);
            board = Load(il, BoardMethod);
            valid = Load(il, ValidMethod);
            candle = il.DeclareLocal(typeof(Candle).MakeByRefType());
        }
        var done = il.DefineLabel();
        var failed = il.DefineLabel();
        il.BeginExceptionBlock();
        foreach (var s in steps)
        {
            var skip = il.DefineLabel();
            // did an input change: one AND on the word that holds all of the step's input bits
            il.Emit(OpCodes.Ldloc, words[s.MaskWord]);
            il.Emit(OpCodes.Ldc_I8, unchecked((long)s.Mask));
            il.Emit(OpCodes.And);
            il.Emit(OpCodes.Brfalse, skip);
            if (s.FormingSlot >= 0)
            {
                EmitFormingClose(il, s, ran, bars!, board!, valid!, candle!);
                SetChanged(il, s.Signal, words);
                il.MarkLabel(skip);
                continue;
            }
            // StepFrame.Enter(context, portBase, outputBase, step), inlined: stores to the context's own fields, so the
            // constants reach the node code inlined below (see StepFrame)
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldc_I4, s.PortBase);
            il.Emit(OpCodes.Ldc_I4, s.OutputBase);
            il.Emit(OpCodes.Ldc_I4, s.Step);
            il.Emit(OpCodes.Call, EnterMethod);
            // ran++ (in a register; the caller adds it to the evaluation count)
            il.Emit(OpCodes.Ldloc, ran);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Conv_I8);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stloc, ran);
            // bank's evaluator(banks[k], index, context): a direct call the JIT can inline
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, s.Bank);
            il.Emit(OpCodes.Ldelem_Ref);
            il.Emit(OpCodes.Ldc_I4, s.Index);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, s.Evaluator);
            il.Emit(OpCodes.Brfalse, skip);
            SetChanged(il, s.Signal, words);
            il.MarkLabel(skip);
        }
        il.Emit(OpCodes.Leave, done);
        // a node threw: frame.Error = the exception, return −1; the instance counts what ran, unschedules through the
        // failed step and reports it
        il.BeginCatchBlock(typeof(Exception));
        var error = il.DeclareLocal(typeof(Exception));
        il.Emit(OpCodes.Stloc, error);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldloc, error);
        il.Emit(OpCodes.Call, FailMethod);
        il.Emit(OpCodes.Leave, failed);
        il.EndExceptionBlock();
        il.MarkLabel(done);
        il.Emit(OpCodes.Ldloc, ran);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(failed);
        il.Emit(OpCodes.Ldc_I8, -1L);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<CompiledPlan>();
    }

    // changed[word] = (word |= bit): stored now, a later node may ask whether this one changed
    private static void SetChanged(ILGenerator il, int signal, LocalBuilder[] words)
    {
        var word = signal >> 6;
        il.Emit(OpCodes.Ldloc, words[word]);
        il.Emit(OpCodes.Ldc_I8, unchecked((long)(1UL << signal)));
        il.Emit(OpCodes.Or);
        il.Emit(OpCodes.Stloc, words[word]);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldc_I4, word);
        il.Emit(OpCodes.Ldloc, words[word]);
        il.Emit(OpCodes.Stelem_I8);
    }

    // A step of InlineForm.FormingClose on a forming candle, as the node's Evaluate does it through the context: the
    // candle in place in the aggregator's state, PriceMath.ToDouble of its close, written to the step's output slot and
    // marked valid; it always reports a change and cannot throw. No context view to set, no call: a third of the
    // instructions of the called form (bench.yaml's three bridges: +6 % ticks/s, paired).
    private static void EmitFormingClose(ILGenerator il, PlanStep s, LocalBuilder ran, LocalBuilder bars, LocalBuilder board, LocalBuilder valid, LocalBuilder candle)
    {
        il.Emit(OpCodes.Ldloc, ran);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, ran);
        il.Emit(OpCodes.Ldloc, bars);
        il.Emit(OpCodes.Ldc_I4, s.FormingSlot);
        il.Emit(OpCodes.Ldelema, typeof(BarState));
        il.Emit(OpCodes.Ldflda, FormingCandleField);
        il.Emit(OpCodes.Stloc, candle);
        il.Emit(OpCodes.Ldloc, board);
        il.Emit(OpCodes.Ldc_I4, s.OutputBase);
        il.Emit(OpCodes.Ldloc, candle);
        il.Emit(OpCodes.Ldfld, CloseRawField);
        il.Emit(OpCodes.Ldloc, candle);
        il.Emit(OpCodes.Ldfld, PricePrecisionField);
        il.Emit(OpCodes.Call, ToDoubleMethod);
        il.Emit(OpCodes.Call, DoubleBitsMethod);
        il.Emit(OpCodes.Stelem_I8);
        il.Emit(OpCodes.Ldloc, valid);
        il.Emit(OpCodes.Ldc_I4, s.OutputBase);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Stelem_I1);
    }

    /// <summary>What a plan's code is made of: its steps in order and the words of changed bits (compared element by element).</summary>
    private sealed class PlanShape(PlanStep[] steps, int signalWords) : IEquatable<PlanShape>
    {
        private readonly int _hash = Hash(steps, signalWords);

        public bool Equals(PlanShape? other) =>
            other is not null && other._hash == _hash && other.SignalWords == signalWords && other.Steps.AsSpan().SequenceEqual(steps);

        public override bool Equals(object? obj) => Equals(obj as PlanShape);

        public override int GetHashCode() => _hash;

        private PlanStep[] Steps => steps;

        private int SignalWords => signalWords;

        private static int Hash(PlanStep[] steps, int signalWords)
        {
            var hash = new HashCode();
            hash.Add(signalWords);
            foreach (var step in steps)
                hash.Add(step);
            return hash.ToHashCode();
        }
    }

    private static LocalBuilder Load(ILGenerator il, MethodInfo getter)
    {
        var local = il.DeclareLocal(getter.ReturnType);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, getter);
        il.Emit(OpCodes.Stloc, local);
        return local;
    }
}
