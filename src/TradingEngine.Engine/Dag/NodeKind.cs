namespace TradingEngine.Engine.Dag;

/// <summary>A registered node kind: its description plus a way to make its storage bank.</summary>
public sealed class NodeKind
{
    private readonly Func<NodeBank> _newBank;

    private NodeKind(NodeKindInfo info, Type clrType, Func<NodeBank> newBank)
    {
        Info = info;
        ClrType = clrType;
        _newBank = newBank;
    }

    /// <summary>Name, parameters and ports.</summary>
    public NodeKindInfo Info { get; }

    /// <summary>The implementing struct (for diagnostics).</summary>
    public Type ClrType { get; }

    /// <summary>The <c>kind:</c> name in YAML.</summary>
    public string Name => Info.Name;

    internal NodeBank NewBank() => _newBank();

    // Generic over the struct at the call site, so NativeAOT sees every instantiation statically.
    internal static NodeKind Create<TNode>()
        where TNode : struct, INode<TNode> =>
        new(TNode.Describe(), typeof(TNode), static () => new NodeBank<TNode>());
}
