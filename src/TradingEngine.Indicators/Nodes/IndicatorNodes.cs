using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.MovingAverages;
using TradingEngine.Indicators.Oscillators;

namespace TradingEngine.Indicators.Nodes;

/// <summary>Registers the indicator node kinds (standard indicators and volume analysis) with a catalog.</summary>
public static class IndicatorNodes
{
    /// <summary>Adds every indicator kind to <paramref name="catalog"/>.</summary>
    public static NodeCatalog RegisterAll(NodeCatalog catalog) =>
        catalog
            .Register<SeriesNode<SmaState>>()
            .Register<SeriesNode<EmaState>>()
            .Register<SeriesNode<WmaState>>()
            .Register<SeriesNode<RsiState>>()
            .Register<AtrNode>()
            .Register<VwapNode>()
            .Register<TickVwapNode>()
            .Register<DeltaVolumeNode>()
            .Register<CumulativeDeltaNode>()
            .Register<FootprintNode>()
            .Register<VolumeProfileNode>();
}
