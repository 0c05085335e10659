using TradingEngine.Engine.Pipelines;

namespace TradingEngine.Engine.Dag;

/// <summary>One node of a compiled DAG, at its place in topological order.</summary>
public sealed class CompiledStep
{
    internal CompiledStep(int order, NodeSpec spec, NodeKind kind, NodeParameters parameters)
    {
        Order = order;
        Spec = spec;
        Kind = kind;
        Parameters = parameters;
    }

    /// <summary>Position in the topological order (0 runs first).</summary>
    public int Order { get; }

    /// <summary>The node id.</summary>
    public string Id => Spec.Id;

    /// <summary>The node as declared.</summary>
    public NodeSpec Spec { get; }

    /// <summary>The node's kind.</summary>
    public NodeKind Kind { get; }

    /// <summary>Checked parameters, defaults filled in.</summary>
    public NodeParameters Parameters { get; }

    /// <summary>Declaration index in the pipeline file.</summary>
    public int DeclarationIndex { get; internal set; }

    /// <summary>Steps this one reads (distinct, ascending).</summary>
    public IReadOnlyList<int> Upstream { get; internal set; } = [];

    /// <summary>Source signal names this one reads directly (<c>tick</c>, <c>close:5m</c>, …).</summary>
    public IReadOnlyList<string> Sources { get; internal set; } = [];

    /// <summary>
    /// The timeframe group <c>te dag</c> draws the node in: the index of the one timeframe whose
    /// candles it depends on (directly or through upstream nodes), <see cref="TickGroup"/> for nodes
    /// fed by ticks/quotes only, <see cref="MixedGroup"/> for cross-timeframe nodes, <see cref="OtherGroup"/> otherwise.
    /// </summary>
    public int Group { get; internal set; }

    /// <summary>First board slot of the node's outputs.</summary>
    public int OutputBase { get; internal set; }

    /// <summary>Published output ports (indices).</summary>
    public IReadOnlyList<int> PublishedPorts { get; internal set; } = [];

    /// <summary>Persisted output ports (indices).</summary>
    public IReadOnlyList<int> PersistedPorts { get; internal set; } = [];

    /// <summary>Group of nodes fed by ticks or quotes only.</summary>
    public const int TickGroup = -1;

    /// <summary>Group of nodes fed by candles of more than one timeframe (or ticks and candles).</summary>
    public const int MixedGroup = -2;

    /// <summary>Group of nodes fed by timer or gap events only.</summary>
    public const int OtherGroup = -3;
}
