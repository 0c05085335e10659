using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;

namespace TradingEngine.Cli;

/// <summary>The composition root of node kinds: every kind a pipeline file may name.</summary>
public static class NodeCatalogs
{
    public static NodeCatalog Standard() => EngineNodes.RegisterAll(new NodeCatalog());
}
