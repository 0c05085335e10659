using TradingEngine.Engine.Dag;

namespace TradingEngine.Indicators.Nodes;

/// <summary>Registers the indicator node kinds (standard indicators and volume analysis) with a catalog.</summary>
public static class IndicatorNodes
{
    /// <summary>Adds every indicator kind to <paramref name="catalog"/>.</summary>
    public static NodeCatalog RegisterAll(NodeCatalog catalog) =>
        catalog
            .Register<SmaNode>()
            .Register<EmaNode>()
            .Register<WmaNode>()
            .Register<RsiNode>()
            .Register<AtrNode>()
            .Register<VwapNode>()
            .Register<TickVwapNode>()
            .Register<DeltaVolumeNode>()
            .Register<CumulativeDeltaNode>()
            .Register<FootprintNode>()
            .Register<VolumeProfileNode>();
}
