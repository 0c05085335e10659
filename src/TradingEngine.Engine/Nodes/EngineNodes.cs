using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary>
/// Registers the engine's built-in node kinds: plumbing between sources and computing nodes (candle fields,
/// differences, sums, crossings, clock, gaps, spread). Indicators, volume analysis, market structure and
/// strategies register their own kinds (the Cli's NodeCatalogs composes them all).
/// </summary>
public static class EngineNodes
{
    /// <summary>Adds every built-in kind to <paramref name="catalog"/>.</summary>
    public static NodeCatalog RegisterAll(NodeCatalog catalog) =>
        catalog
            .Register<CandleFieldNode>()
            .Register<CumulativeNode>()
            .Register<CrossSignalNode>()
            .Register<DifferenceNode>()
            .Register<GapCountNode>()
            .Register<ContractRollNode>()
            .Register<QuoteSpreadNode>()
            .Register<ClockNode>();
}
