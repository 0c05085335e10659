namespace TradingEngine.Engine.Dag;

/// <summary>
/// The node kinds a pipeline may use, by <c>kind:</c> name. The composition root fills it
/// explicitly (<c>catalog.Register&lt;CandleFieldNode&gt;()</c>, <c>catalog.Register&lt;SeriesNode&lt;EmaState&gt;&gt;()</c>, or an assembly's own
/// <c>IndicatorNodes.RegisterAll(catalog)</c>); nothing is found by assembly scanning, which keeps
/// NativeAOT trimming safe and makes the set of kinds visible in code.
/// </summary>
public sealed class NodeCatalog
{
    private readonly Dictionary<string, NodeKind> _kinds = new(StringComparer.Ordinal);

    /// <summary>Adds kind <typeparamref name="TNode"/>; a second kind with the same name is an error.</summary>
    public NodeCatalog Register<TNode>()
        where TNode : struct, INode<TNode>
    {
        var kind = NodeKind.Create<TNode>();
        if (!_kinds.TryAdd(kind.Name, kind))
            throw new InvalidOperationException($"node kind '{kind.Name}' is registered twice ({_kinds[kind.Name].ClrType.FullName} and {typeof(TNode).FullName})");
        return this;
    }

    /// <summary>The kind named <paramref name="name"/>.</summary>
    public bool TryGet(string name, out NodeKind kind) => _kinds.TryGetValue(name, out kind!);

    /// <summary>All kinds, sorted by name (never in hash order).</summary>
    public IReadOnlyList<NodeKind> Kinds => _kinds.Values.OrderBy(k => k.Name, StringComparer.Ordinal).ToArray();

    /// <summary>Whether <paramref name="name"/> is registered.</summary>
    public bool Contains(string name) => _kinds.ContainsKey(name);
}
