using TradingEngine.Engine.Dag;

namespace TradingEngine.Strategies;

/// <summary>Registers the strategy node kinds (docs/strategies.md).</summary>
public static class StrategyNodes
{
    /// <summary>Adds liquidity_breakout, structure_reversion and multi_tf_confluence to <paramref name="catalog"/>.</summary>
    public static NodeCatalog Register(NodeCatalog catalog) =>
        catalog
            .Register<LiquidityBreakoutNode>()
            .Register<StructureReversionNode>()
            .Register<MultiTfConfluenceNode>();
}
