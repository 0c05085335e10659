using System.Runtime.CompilerServices;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Aggregation;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// A validated pipeline compiled to a flat array of steps in topological order, plus, for every
/// event source, the set of steps it can reach. Immutable (its arrays are private and read through
/// <see cref="ReadOnlySpan{T}"/>s) and shared by every symbol that runs the pipeline; per-symbol state lives in
/// <see cref="DagInstance"/>, which copies the arrays its hot path reads.
/// </summary>
/// <remarks>
/// Signals number the things whose change can trigger a step: sources first
/// (tick, quote, timer, gap, then close/forming/external per timeframe), then one per step.
/// The binding arrays are flat so the hot path is array loads only.
/// </remarks>
public sealed class CompiledDag
{
    internal const int FixedSources = 4;
    internal const int SourcesPerTimeframe = 3;

    // Per step.
    private readonly int[] _portBase;
    private readonly int[] _outputBase;
    private readonly int[] _signalStart;
    private readonly int[] _signals;

    // Per input port (PortBase[s] + p .. +1) and per binding.
    private readonly int[] _portStart;
    private readonly int[] _bindSlot;
    private readonly byte[] _bindMode;
    private readonly int[] _bindSignal;

    // Per source: StepWords words of reachable steps.
    private readonly ulong[] _reach;
    private readonly BarSpec[] _timeframes;

    /// <summary>Made by <see cref="DagCompiler"/> only; every array is owned by this object from here on and never written again.</summary>
    internal CompiledDag(PipelineSpec pipeline, CompiledStep[] steps, BarSpec[] timeframes, in DagLayout layout)
    {
        Pipeline = pipeline;
        Steps = steps;
        _timeframes = timeframes;
        SourceCount = FixedSources + SourcesPerTimeframe * Timeframes.Length;
        StepWords = (steps.Length + 63) >> 6;
        SignalWords = (SourceCount + steps.Length + 63) >> 6;
        BoardSize = layout.BoardSize;
        Fingerprint = layout.Fingerprint;
        _portBase = layout.PortBase;
        _outputBase = layout.OutputBase;
        _signalStart = layout.SignalStart;
        _signals = layout.Signals;
        _portStart = layout.PortStart;
        _bindSlot = layout.BindSlot;
        _bindMode = layout.BindMode;
        _bindSignal = layout.BindSignal;
        _reach = layout.Reach;
    }

    /// <summary>The pipeline as declared.</summary>
    public PipelineSpec Pipeline { get; }

    /// <summary>Steps in topological order.</summary>
    public IReadOnlyList<CompiledStep> Steps { get; }

    /// <summary>Declared timeframes (index = timeframe index used by sources and <see cref="CandleBoard"/>).</summary>
    public ReadOnlySpan<BarSpec> Timeframes => _timeframes;

    /// <summary>Number of source signals.</summary>
    public int SourceCount { get; }

    /// <summary>Number of value-board slots (sum of all steps' outputs).</summary>
    public int BoardSize { get; }

    /// <summary>Deterministic hash of the compiled graph (ids, kinds, state versions, parameters, wiring); snapshots carry it.</summary>
    public ulong Fingerprint { get; }

    internal int StepWords { get; }
    internal int SignalWords { get; }

    /// <summary>Per step: its first input port (an index into <see cref="PortStart"/>).</summary>
    internal ReadOnlySpan<int> PortBase => _portBase;

    /// <summary>Per step: its first board slot.</summary>
    internal ReadOnlySpan<int> OutputBaseOf => _outputBase;

    /// <summary>Per step and one more: where its input signals start in <see cref="Signals"/>.</summary>
    internal ReadOnlySpan<int> SignalStart => _signalStart;

    /// <summary>The input signals of every step, distinct and ascending per step.</summary>
    internal ReadOnlySpan<int> Signals => _signals;

    /// <summary>Per input port and one more: its first binding.</summary>
    internal ReadOnlySpan<int> PortStart => _portStart;

    /// <summary>Per binding: the board slot (node outputs) or timeframe index (candles) it reads.</summary>
    internal ReadOnlySpan<int> BindSlot => _bindSlot;

    /// <summary>Per binding: what it reads (<see cref="NodeContext"/>'s Mode constants).</summary>
    internal ReadOnlySpan<byte> BindMode => _bindMode;

    /// <summary>Per binding: the signal whose change it sees.</summary>
    internal ReadOnlySpan<int> BindSignal => _bindSignal;

    /// <summary>Per source: <see cref="StepWords"/> words of the steps it reaches.</summary>
    internal ReadOnlySpan<ulong> Reach => _reach;

    // Compiled plans by scheduled set (DagInstance.Plan.cs, PlanCompiler): made together, for every set the DAG
    // compiles, by the first instance that adopts one of them; shared by all instances (three sets at most).
    private readonly Lock _planLock = new();
    private readonly Dictionary<ulong, CompiledPlan> _planCode = [];

    /// <summary>
    /// Whether instances run their plans as compiled methods (<see cref="PlanCompiler"/>). True when the runtime has a
    /// JIT, unless the environment variable <c>TE_COMPILE_PLANS</c> is <c>0</c>; false under NativeAOT. Off, every event
    /// takes the bitset walk (what NativeAOT runs): same outputs, slower. Set it before the first event.
    /// </summary>
    public bool CompilesPlans { get; set; } = RuntimeFeature.IsDynamicCodeSupported && CompilesPlansByDefault(Environment.GetEnvironmentVariable("TE_COMPILE_PLANS"));

    /// <summary>The default of <see cref="CompilesPlans"/> for a value of <c>TE_COMPILE_PLANS</c> (unset, "1": on; "0": off).</summary>
    internal static bool CompilesPlansByDefault(string? setting) => setting?.Trim() switch
    {
        null or "" or "1" => true,
        "0" => false,
        _ => throw new ArgumentException($"TE_COMPILE_PLANS is '{setting}': expected 0 (every event takes the bitset walk) or 1 (compile them, the default)"),
    };

    internal CompiledPlan? PlanCode(ulong scheduled, DagInstance instance)
    {
        if (!CompilesPlans || !RuntimeFeature.IsDynamicCodeSupported)
            return null;
        lock (_planLock)
        {
            if (!_planCode.ContainsKey(scheduled))
            {
                // the others now too: the first call comes with a stream's first events, later ones must not compile
                foreach (var set in instance.CompiledSets)
                {
                    if (!_planCode.ContainsKey(set))
                        _planCode.Add(set, instance.CompilePlan(set));
                }
            }
            return _planCode.GetValueOrDefault(scheduled);
        }
    }

    /// <summary>The signal number of a source.</summary>
    public int SourceSignal(EventSourceKind kind, int timeframeIndex = 0) => kind switch
    {
        EventSourceKind.Tick => 0,
        EventSourceKind.Quote => 1,
        EventSourceKind.Timer => 2,
        EventSourceKind.Gap => 3,
        EventSourceKind.CandleClose => FixedSources + SourcesPerTimeframe * timeframeIndex,
        EventSourceKind.CandleUpdate => FixedSources + SourcesPerTimeframe * timeframeIndex + 1,
        _ => FixedSources + SourcesPerTimeframe * timeframeIndex + 2,
    };

    /// <summary>A source's name as used in YAML references (<c>ticks</c>, <c>candles:5m</c>, <c>forming:5m</c>, …).</summary>
    public string SourceName(int signal) => SourceName(signal, _timeframes);

    /// <summary><see cref="SourceName(int)"/> for a DAG of <paramref name="timeframes"/> (the compiler's, before the DAG exists).</summary>
    internal static string SourceName(int signal, BarSpec[] timeframes)
    {
        switch (signal)
        {
            case 0: return "ticks";
            case 1: return "quotes";
            case 2: return "timer";
            case 3: return "gaps";
        }
        var tf = timeframes[(signal - FixedSources) / SourcesPerTimeframe];
        return ((signal - FixedSources) % SourcesPerTimeframe) switch
        {
            0 => $"candles:{tf}",
            1 => $"forming:{tf}",
            _ => $"external:{tf}",
        };
    }

    /// <summary>The steps an event of source <paramref name="signal"/> may run, in execution order.</summary>
    public int[] StepsReachedBy(int signal)
    {
        var list = new List<int>();
        for (var i = 0; i < Steps.Count; i++)
        {
            if ((Reach[signal * StepWords + (i >> 6)] & (1UL << i)) != 0)
                list.Add(i);
        }
        return list.ToArray();
    }

    /// <summary>The step of node <paramref name="id"/>, or -1.</summary>
    public int IndexOf(string id)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].Id == id)
                return i;
        }
        return -1;
    }
}
