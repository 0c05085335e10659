using TradingEngine.Configuration;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Hosting;

/// <summary>
/// Builds the symbol executor that every mode runs — live (<c>te run</c>), replay and backtest (<c>te replay</c>),
/// recovery — from a pipeline file and the instrument registry, so all of them run the same compiled graph.
/// </summary>
internal static class EngineFactory
{
    public const string DefaultInstruments = "pipelines/instruments.yaml";

    /// <param name="pipelinePath">The pipeline file; null: the default pipeline the registry names for the symbols (they must agree).</param>
    /// <param name="symbolNames">Registry symbols or futures contracts of a registry root (ESH4 resolves to ES).</param>
    public static (SymbolExecutor Executor, CompiledDag Dag, InstrumentRegistry Instruments) CreateExecutor(
        string? pipelinePath, string instrumentsPath, IReadOnlyList<string> symbolNames, SymbolRegistry symbols,
        IReadOnlyList<ParameterOverride>? overrides = null)
    {
        var instruments = InstrumentRegistry.Load(instrumentsPath, symbols);
        if (symbolNames.Count == 0)
            throw new ArgumentException("give the symbols this engine owns (--symbols ES,NQ): an executor owns a fixed set");
        var owned = new List<Instrument>();
        foreach (var name in symbolNames)
        {
            if (!instruments.TryResolve(name, out var instrument))
                throw new ArgumentException($"symbol '{name}' is not in {instrumentsPath} nor a futures contract of one of its roots " +
                                            $"({string.Join(", ", instruments.Instruments.Select(i => i.Symbol))}): add it there (tick size, precisions, session)");
            owned.Add(instrument);
        }
        var path = pipelinePath ?? DefaultPipeline(owned, instrumentsPath);
        var spec = PipelineOverrides.Apply(PipelineLoader.LoadFile(RequirePipelineFile(path)), overrides ?? []);
        var catalog = NodeCatalogs.Standard();
        // each instrument binds the pipeline's money and price steps (InstrumentBinding): one DAG per distinct binding
        var dags = new Dictionary<(decimal, decimal), CompiledDag>();
        var pipelines = new List<SymbolPipeline>(owned.Count);
        CompiledDag? first = null;
        foreach (var instrument in owned)
        {
            var key = InstrumentBinding.Key(instrument);
            if (!dags.TryGetValue(key, out var bound))
                dags.Add(key, bound = DagCompiler.Compile(InstrumentBinding.Bind(spec, instrument, catalog), catalog));
            first ??= bound;
            pipelines.Add(new SymbolPipeline(bound, instrument.Id, instrument.PricePrecision, instrument.SizePrecision));
        }
        // the first symbol's DAG: its node and port names are every symbol's (bindings change parameter values only)
        return (new SymbolExecutor(pipelines), first!, instruments);
    }

    /// <summary>
    /// The pipeline the registry names for every one of <paramref name="instruments"/> (key <c>pipeline:</c>); an error
    /// when one names none or they name different ones, since one executor runs one pipeline here.
    /// </summary>
    public static string DefaultPipeline(IReadOnlyList<Instrument> instruments, string instrumentsPath)
    {
        var missing = instruments.Where(i => i.DefaultPipeline is null).Select(i => i.Symbol).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"give --pipeline: {string.Join(", ", missing)} names no default pipeline in {instrumentsPath} (key pipeline:)");
        var distinct = instruments.Select(i => i.DefaultPipeline!).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 1)
            throw new ArgumentException("give --pipeline (or --config, or fewer --symbols): the symbols' default pipelines differ (" +
                                        string.Join(", ", instruments.Select(i => $"{i.Symbol}: {i.DefaultPipeline}")) + ")");
        return distinct[0];
    }

    /// <summary><paramref name="path"/> when the file exists; otherwise an error listing the pipeline files beside it.</summary>
    public static string RequirePipelineFile(string path)
    {
        if (File.Exists(path))
            return path;
        var directory = Path.GetDirectoryName(path) is { Length: > 0 } d && Directory.Exists(d) ? d : "pipelines";
        var files = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.yaml").Select(f => Path.Combine(directory, Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList()
            : [];
        throw new ArgumentException(files.Count > 0
            ? $"pipeline file '{path}' does not exist; {directory}/ holds: {string.Join(", ", files)}"
            : $"pipeline file '{path}' does not exist (and there is no {directory}/ here: run from the repository root)");
    }

    /// <summary>The pipeline id of a compiled node index, for subjects and reports.</summary>
    public static Func<int, string?> NodeNames(CompiledDag dag) => node => NodeName(dag, node);

    /// <summary>The pipeline id of node <paramref name="node"/> of <paramref name="dag"/>, or null.</summary>
    public static string? NodeName(CompiledDag dag, int node) =>
        (uint)node < (uint)dag.Steps.Count ? dag.Steps[node].Id : null;

    /// <summary>
    /// The name of a compiled node's output port when the node has several outputs, null when it has one: the
    /// subject of a <see cref="NodeValue"/> is <c>{node}</c> or <c>{node}-{port}</c> (docs/nats.md).
    /// </summary>
    public static Func<int, int, string?> PortNames(CompiledDag dag) => (node, port) => PortName(dag, node, port);

    /// <summary>See <see cref="PortNames"/>.</summary>
    public static string? PortName(CompiledDag dag, int node, int port)
    {
        if ((uint)node >= (uint)dag.Steps.Count)
            return null;
        var outputs = dag.Steps[node].Kind.Info.Outputs;
        return outputs.Count > 1 && (uint)port < (uint)outputs.Count ? outputs[port].Name : null;
    }
}
