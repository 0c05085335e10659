using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Cli;

/// <summary>
/// Builds the symbol executor that every mode runs — live (<c>te run</c>), replay and backtest (<c>te replay</c>),
/// recovery — from a pipeline file and the instrument registry, so all of them run the same compiled graph.
/// </summary>
public static class EngineFactory
{
    public const string DefaultInstruments = "pipelines/instruments.yaml";

    public static (SymbolExecutor Executor, CompiledDag Dag, InstrumentRegistry Instruments) CreateExecutor(
        string pipelinePath, string instrumentsPath, IReadOnlyList<string> symbolNames, SymbolRegistry symbols)
    {
        var instruments = InstrumentRegistry.Load(instrumentsPath, symbols);
        var dag = DagCompiler.Compile(PipelineLoader.LoadFile(pipelinePath), NodeCatalogs.Standard());
        if (symbolNames.Count == 0)
            throw new ArgumentException("give the symbols this engine owns (--symbols ES,NQ): an executor owns a fixed set");
        var pipelines = new List<SymbolPipeline>();
        foreach (var name in symbolNames)
        {
            if (!instruments.TryGet(name, out var instrument))
                throw new ArgumentException($"symbol '{name}' is not in {instrumentsPath}: add it there (tick size, precisions, session)");
            pipelines.Add(new SymbolPipeline(dag, instrument.Id, instrument.PricePrecision, instrument.SizePrecision));
        }
        return (new SymbolExecutor(pipelines), dag, instruments);
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
