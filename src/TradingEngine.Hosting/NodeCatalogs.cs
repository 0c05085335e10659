using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Indicators.Nodes;
using TradingEngine.Strategies;

namespace TradingEngine.Hosting;

/// <summary>
/// The composition root of node kinds: every kind a pipeline file may name, registered explicitly (no assembly
/// scanning, so NativeAOT trimming keeps exactly these). Every command that compiles a pipeline (te run, te replay,
/// te dag, the live engine) takes its catalog from here, so a pipeline never compiles in one command and fails in another.
/// </summary>
public static class NodeCatalogs
{
    /// <summary>Engine plumbing, indicator and volume-analysis, market-structure and strategy kinds.</summary>
    public static NodeCatalog Standard() =>
        StrategyNodes.Register(MarketStructureNodes.Register(IndicatorNodes.RegisterAll(EngineNodes.RegisterAll(new NodeCatalog()))));
}
