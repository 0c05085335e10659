using TradingEngine.Engine.Dag;

namespace TradingEngine.Indicators.MarketStructure;

/// <summary>Registers the market-structure node kinds (docs/market_structure.md).</summary>
public static class MarketStructureNodes
{
    /// <summary>Adds swing_points, fair_value_gaps, order_blocks, liquidity_levels and break_of_structure to <paramref name="catalog"/>.</summary>
    public static NodeCatalog Register(NodeCatalog catalog) =>
        catalog
            .Register<StructureNode<SwingDetector>>()
            .Register<StructureNode<FairValueGapDetector>>()
            .Register<StructureNode<OrderBlockDetector>>()
            .Register<StructureNode<LiquidityDetector>>()
            .Register<StructureNode<StructureBreakDetector>>();
}
