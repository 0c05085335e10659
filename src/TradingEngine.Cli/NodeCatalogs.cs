using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Strategies;

namespace TradingEngine.Cli;

/// <summary>
/// The composition root of node kinds: every kind a pipeline file may name, registered explicitly (no assembly
/// scanning, so NativeAOT trimming keeps exactly these). Every command that compiles a pipeline (te run, te replay,
/// te dag, the live engine) takes its catalog from here, so a pipeline never compiles in one command and fails in another.
/// </summary>
public static class NodeCatalogs
{
    /// <summary>Engine plumbing, market structure and strategy kinds.</summary>
    public static NodeCatalog Standard() =>
        StrategyNodes.Register(MarketStructureNodes.Register(EngineNodes.RegisterAll(new NodeCatalog())));
}
