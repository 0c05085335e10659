using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary>Registers the engine's built-in node kinds (sources adapters and the stand-ins the benchmark pipeline uses).</summary>
public static class EngineNodes
{
    /// <summary>Adds every built-in kind to <paramref name="catalog"/>.</summary>
    public static NodeCatalog RegisterAll(NodeCatalog catalog) =>
        catalog
            .Register<CandleFieldNode>()
            .Register<TickVwapNode>()
            .Register<TickDeltaNode>()
            .Register<CumulativeNode>()
            .Register<FootprintNode>()
            .Register<VolumeProfileNode>()
            .Register<CrossSignalNode>()
            .Register<ExpSmoothNode>()
            .Register<RollingMeanNode>()
            .Register<DifferenceNode>()
            .Register<GapCountNode>()
            .Register<QuoteSpreadNode>()
            .Register<ClockNode>();
}
