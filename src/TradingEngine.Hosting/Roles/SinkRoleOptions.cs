using System.Globalization;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Nats;
using TradingEngine.Timescale;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Roles;

/// <summary>
/// What <see cref="SinkRole"/> needs (<c>te sink run</c>, <c>te serve sink</c>): the database, the NATS connections, the
/// watermark source, and how indicator rows are named (a pipeline's node ids, or an engine config's per symbol).
/// </summary>
public sealed record SinkRoleOptions
{
    /// <summary>The database, its memory budget and spill directory (validated by the caller).</summary>
    public required TimescaleOptions Database { get; init; }

    /// <summary>The external connection (the pair's first; also the internal one when <see cref="Internal"/> is null).</summary>
    public required NatsEndpoint External { get; init; }

    /// <summary>The internal server or account the frames come from (<c>--nats-internal</c>); null: the external connection.</summary>
    public NatsEndpoint? Internal { get; init; }

    /// <summary>The watermark source of the one feed (<see cref="DefaultSource"/> unless the user names one).</summary>
    public required string Source { get; init; }

    /// <summary>Where the symbols named by the subjects are registered (the sink's own registry: an engine's ids mean nothing here).</summary>
    public SymbolRegistry Symbols { get; init; } = new();

    /// <summary>Node ids by node index, the same for every symbol (<c>--pipeline</c>: <see cref="NodeNamesOfPipeline"/>); empty: <c>node3</c>.</summary>
    public IReadOnlyList<string> NodeNames { get; init; } = [];

    /// <summary>Node ids per symbol and node (<c>te serve sink --config</c>: <see cref="NodeNamesOfConfig"/>); when set it wins over <see cref="NodeNames"/>.</summary>
    public Func<SymbolId, int, string?>? NodeName { get; init; }

    /// <summary>
    /// Core NATS delivers at most once, so the default source is one per run: a watermark kept from an earlier run must not
    /// make this one skip what it receives (frames of a core-NATS engine all carry source sequence 0).
    /// </summary>
    public static string DefaultSource(DateTime utcNow) =>
        $"nats.internal.{utcNow.ToString("yyyyMMdd'T'HHmmss.fffffff'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>The node ids of a pipeline file, by node index; a bad file throws <see cref="PipelineException"/> or <see cref="IOException"/>.</summary>
    public static IReadOnlyList<string> NodeNamesOfPipeline(string path) =>
        DagCompiler.Compile(PipelineLoader.LoadFile(path), NodeCatalogs.Standard()).Steps.Select(step => step.Id).ToArray();

    /// <summary>The node ids of every symbol's pipeline in an engine config (registering its symbols in <paramref name="symbols"/>).</summary>
    public static Func<SymbolId, int, string?> NodeNamesOfConfig(string path, SymbolRegistry symbols) =>
        EngineSet.Create(EngineConfigLoader.LoadFile(path), symbols).NodeName;
}
