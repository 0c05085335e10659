using TradingEngine.Configuration;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Hosting;

/// <summary>One executor of an engine process: its engine.yaml entry, the executor and the symbols it owns.</summary>
public sealed record ExecutorInstance(ExecutorConfig Config, SymbolExecutor Executor, IReadOnlyList<string> Symbols)
{
    /// <summary>The executor thread's name (<c>executor:{name}</c>), which deployment profiles pin by.</summary>
    public string ThreadName => "executor:" + Config.Name;
}

/// <summary>
/// The executors of one engine process, built from an engine config (pipelines/engine.yaml): one
/// <see cref="SymbolExecutor"/> per <c>executors</c> entry, each owning its symbols' pipelines (a symbol's pipeline file
/// is compiled once per file and shared by every symbol that runs it), with the compiled graph of each symbol for
/// subjects, reports and the database sink.
/// </summary>
public sealed class EngineSet
{
    private readonly Dictionary<SymbolId, CompiledDag> _dagOf;
    // symbol id → index of the executor that owns it, −1: none (dense by SymbolId.Value)
    private readonly int[] _executorOf;

    private EngineSet(EngineConfig config, InstrumentRegistry instruments, IReadOnlyList<ExecutorInstance> executors, Dictionary<SymbolId, CompiledDag> dagOf)
    {
        Config = config;
        Instruments = instruments;
        Executors = executors;
        _dagOf = dagOf;
        Symbols = executors.SelectMany(e => e.Symbols).ToArray();
        var routes = new List<KeyValuePair<int, int>>();
        for (var i = 0; i < executors.Count; i++)
        {
            foreach (var pipeline in executors[i].Executor.Pipelines)
                routes.Add(new(pipeline.Symbol.Value, i));
        }
        SymbolRoutes = routes;
        _executorOf = new int[routes.Count == 0 ? 0 : routes.Max(r => r.Key) + 1];
        Array.Fill(_executorOf, -1);
        foreach (var (symbol, executor) in routes)
            _executorOf[symbol] = executor;
    }

    /// <summary>The engine config it was built from.</summary>
    public EngineConfig Config { get; }

    /// <summary>The instrument registry the config names.</summary>
    public InstrumentRegistry Instruments { get; }

    /// <summary>The executors, in config order.</summary>
    public IReadOnlyList<ExecutorInstance> Executors { get; }

    /// <summary>Every symbol the process owns, executor by executor.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>
    /// Symbol → executor: each owned symbol's id (<see cref="SymbolId.Value"/>) and the index of its executor in
    /// <see cref="Executors"/>. The one table input is routed by, live (<see cref="EngineHost.Start"/>: to the executor's
    /// input ring) and in replay (<see cref="EngineHost.InMemory{TSink}"/>: to the executor's in-memory driver).
    /// </summary>
    public IReadOnlyList<KeyValuePair<int, int>> SymbolRoutes { get; }

    /// <summary>The index in <see cref="Executors"/> of the executor owning <paramref name="symbol"/>; −1 when none does (<see cref="SymbolRoutes"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public int ExecutorIndexOf(SymbolId symbol) =>
        (uint)symbol.Value < (uint)_executorOf.Length ? _executorOf[symbol.Value] : -1;

    /// <summary>The graph of the engine's first symbol: of an engine with one pipeline (<see cref="Single"/>), every symbol's node and port names.</summary>
    public CompiledDag FirstDag => _dagOf[Executors[0].Executor.Pipelines[0].Symbol];

    /// <summary>The compiled graph <paramref name="symbol"/> runs, or null when no executor owns it.</summary>
    public CompiledDag? DagOf(SymbolId symbol) => _dagOf.GetValueOrDefault(symbol);

    /// <summary>
    /// Builds the executors of <paramref name="config"/>. A <c>symbol</c> entry with <c>*</c> takes every instrument of
    /// the registry it matches (registry order); a plain one must be in the registry. Errors name the config file and
    /// line: a symbol not in the registry, a pattern that matches nothing, a symbol taken by two entries, an executor
    /// without symbols; a pipeline's own errors name the pipeline file. <paramref name="catalog"/>: the node kinds the
    /// pipelines may use (null: <see cref="NodeCatalogs.Standard"/>; a test adds kinds of its own). <paramref name="shape"/>:
    /// applied to each pipeline as loaded (the aggregator role keeps only its candles, <see cref="Serving.CandleAggregation"/>).
    /// </summary>
    public static EngineSet Create(EngineConfig config, SymbolRegistry symbols, NodeCatalog? catalog = null, Func<PipelineSpec, PipelineSpec>? shape = null)
    {
        var instruments = InstrumentRegistry.Load(config.InstrumentsPath, symbols);
        catalog ??= NodeCatalogs.Standard();
        var loaded = new Dictionary<string, PipelineSpec>(StringComparer.Ordinal);
        var compiled = new Dictionary<(string Path, decimal TickSize, decimal PointValue), CompiledDag>();
        var owner = new Dictionary<string, SymbolAssignment>(StringComparer.Ordinal);
        var dagOf = new Dictionary<SymbolId, CompiledDag>();
        var errors = new List<PipelineError>();
        var built = new List<(ExecutorConfig Config, List<(Instrument Instrument, CompiledDag Dag)> Symbols)>();
        foreach (var executor in config.Executors)
        {
            var owned = new List<(Instrument, CompiledDag)>();
            foreach (var assignment in executor.Symbols)
            {
                var matches = assignment.Symbol.Contains('*', StringComparison.Ordinal)
                    ? instruments.Instruments.Where(i => assignment.Matches(i.Symbol)).ToList()
                    : instruments.TryResolve(assignment.Symbol, out var one) ? [one] : [];
                if (matches.Count == 0)
                {
                    errors.Add(new PipelineError(config.File, assignment.Line, null, assignment.Symbol.Contains('*', StringComparison.Ordinal)
                        ? $"symbol pattern '{assignment.Symbol}' matches no instrument of {config.InstrumentsPath}"
                        : $"symbol '{assignment.Symbol}' is not in {config.InstrumentsPath}: add it there (tick size, precisions, session)"));
                    continue;
                }
                if (!loaded.TryGetValue(assignment.Pipeline, out var spec))
                {
                    spec = PipelineLoader.LoadFile(assignment.Pipeline);
                    loaded.Add(assignment.Pipeline, spec = shape is null ? spec : shape(spec));
                }
                foreach (var instrument in matches)
                {
                    // one compiled DAG per pipeline and instrument binding (tick size, point value): ES and NQ differ
                    var (tick, pointValue) = InstrumentBinding.Key(instrument);
                    if (!compiled.TryGetValue((assignment.Pipeline, tick, pointValue), out var dag))
                    {
                        dag = DagCompiler.Compile(InstrumentBinding.Bind(spec, instrument, catalog), catalog);
                        compiled.Add((assignment.Pipeline, tick, pointValue), dag);
                    }
                    if (owner.TryGetValue(instrument.Symbol, out var first))
                    {
                        errors.Add(new PipelineError(config.File, assignment.Line, null,
                            $"symbol '{instrument.Symbol}' (from '{assignment.Symbol}') is already owned by the entry at line {first.Line} ('{first.Symbol}')"));
                        continue;
                    }
                    owner.Add(instrument.Symbol, assignment);
                    owned.Add((instrument, dag));
                    dagOf.Add(instrument.Id, dag);
                }
            }
            if (owned.Count == 0 && !errors.Any(e => executor.Symbols.Any(a => a.Line == e.Line)))
                errors.Add(new PipelineError(config.File, executor.Line, null, $"executor '{executor.Name}' owns no symbol"));
            built.Add((executor, owned));
        }
        if (errors.Count > 0)
            throw new PipelineException(errors);
        var executors = built.Select(b => new ExecutorInstance(
            b.Config,
            new SymbolExecutor(b.Symbols.Select(s => new SymbolPipeline(s.Dag, s.Instrument.Id, s.Instrument.PricePrecision, s.Instrument.SizePrecision))),
            b.Symbols.Select(s => s.Instrument.Symbol).ToArray())).ToArray();
        return new EngineSet(config, instruments, executors, dagOf);
    }

    /// <summary>
    /// The engine of the classic command line (<c>--pipeline FILE --symbols A,B</c>): one executor named after its
    /// symbols, every symbol on the same pipeline. <paramref name="pipelinePath"/> null: the registry's default pipeline
    /// of the symbols (<see cref="EngineFactory.DefaultPipeline"/>); <paramref name="overrides"/>: <c>--set</c> parameters
    /// (a replay or a sweep variant).
    /// </summary>
    public static EngineSet Single(string? pipelinePath, string instrumentsPath, IReadOnlyList<string> symbolNames, SymbolRegistry symbols,
        IReadOnlyList<ParameterOverride>? overrides = null)
    {
        var (executor, dag, instruments) = EngineFactory.CreateExecutor(pipelinePath, instrumentsPath, symbolNames, symbols, overrides);
        var name = string.Join(",", symbolNames);
        pipelinePath ??= EngineFactory.DefaultPipeline(symbolNames.Select(s => instruments.TryResolve(s, out var i) ? i : throw new InvalidOperationException(s)).ToList(), instrumentsPath);
        var config = new EngineConfig(pipelinePath, instrumentsPath, new RingConfig(65_536, "blocking"), new RingConfig(65_536, "blocking"), 0,
            [new ExecutorConfig(name, null, symbolNames.Select(s => new SymbolAssignment(s, pipelinePath, 0)).ToArray(), 0)]);
        var dagOf = executor.Pipelines.ToDictionary(p => p.Symbol, _ => dag);
        return new EngineSet(config, instruments, [new ExecutorInstance(config.Executors[0], executor, symbolNames.ToArray())], dagOf);
    }

    /// <summary>
    /// Checks that every core an executor is pinned to (<c>cpu:</c>) is one this process may run on, so a config written
    /// for a bigger machine fails at start with the file and line instead of an executor thread that cannot pin.
    /// </summary>
    public void CheckCpus()
    {
        var allowed = AllowedCpus();
        var errors = Executors
            .Where(e => e.Config.Cpu is { } cpu && !allowed.Contains(cpu))
            .Select(e => new PipelineError(Config.File, e.Config.Line, null,
                $"executor '{e.Config.Name}' is pinned to cpu {e.Config.Cpu}, but this process may only use cpus {string.Join(",", allowed)}"))
            .ToList();
        if (errors.Count > 0)
            throw new PipelineException(errors);
    }

    /// <summary>The cores this process may run on (its affinity mask; every core when the OS does not say).</summary>
    public static HashSet<int> AllowedCpus()
    {
        var cpus = new HashSet<int>();
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            var mask = (long)System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity;
            for (var cpu = 0; cpu < 64; cpu++)
            {
                if ((mask & (1L << cpu)) != 0)
                    cpus.Add(cpu);
            }
        }
        if (cpus.Count == 0)
        {
            for (var cpu = 0; cpu < Environment.ProcessorCount; cpu++)
                cpus.Add(cpu);
        }
        return cpus;
    }

    /// <summary>The pipeline id of a compiled node of <paramref name="symbol"/>'s graph, for subjects and reports.</summary>
    public string? NodeName(SymbolId symbol, int node) => DagOf(symbol) is { } dag ? EngineFactory.NodeName(dag, node) : null;

    /// <summary>The name of a node's output port when the node has several outputs (see <see cref="EngineFactory.PortNames"/>).</summary>
    public string? PortName(SymbolId symbol, int node, int port) => DagOf(symbol) is { } dag ? EngineFactory.PortName(dag, node, port) : null;
}
