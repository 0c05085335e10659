using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Indicators.Nodes;
using TradingEngine.Strategies;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Tests.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Strategies;

/// <summary>Structure on 1m/5m/15m and the three strategies, driven by external 1m candles (bar-mode fills).</summary>
internal static class StrategyPipeline
{
    public const string Yaml = """
        pipeline: strategy_test
        timeframes: [1m, 5m@ext:1m, 15m@ext:1m]
        nodes:
          - id: swings_15m
            kind: swing_points
            params: {strength: 2, tick_size: 0.25, equal_ticks: 2}
            inputs: [candles:15m@ext:1m]
          - id: liq_1m
            kind: liquidity_levels
            params: {strength: 3, tick_size: 0.25, cluster_ticks: 2}
            inputs: [external:1m]
          - id: fvg_5m
            kind: fair_value_gaps
            params: {tick_size: 0.25, min_ticks: 2}
            inputs: [candles:5m@ext:1m]
          - id: ob_5m
            kind: order_blocks
            params: {strength: 2}
            inputs: [candles:5m@ext:1m]
          - id: bos_1m
            kind: break_of_structure
            params: {strength: 3}
            inputs: [external:1m]
          - id: bos_5m
            kind: break_of_structure
            params: {strength: 2}
            inputs: [candles:5m@ext:1m]
          - id: bos_15m
            kind: break_of_structure
            params: {strength: 2}
            inputs: [candles:15m@ext:1m]
          - id: close_1m
            kind: candle_field
            inputs: [external:1m]
          - id: close_5m
            kind: candle_field
            inputs: [candles:5m@ext:1m]
          - id: close_15m
            kind: candle_field
            inputs: [candles:15m@ext:1m]
          - id: ema_1m
            kind: ema
            params: {period: 20}
            inputs: [close_1m]
          - id: ema_5m
            kind: ema
            params: {period: 20}
            inputs: [close_5m]
          - id: ema_15m
            kind: ema
            params: {period: 20}
            inputs: [close_15m]
          - id: breakout
            kind: liquidity_breakout
            params: {tick_size: 0.25, point_value: 50, risk_per_trade: 1000, max_bars: 30, commission: 2.5}
            inputs: {candles: external:1m, sweep: liq_1m.event}
          - id: reversion
            kind: structure_reversion
            params: {tick_size: 0.25, point_value: 50, risk_per_trade: 1000, max_bars: 24, commission: 2.5}
            inputs:
              candles: candles:5m@ext:1m
              bull_top: [fvg_5m.bull_top, ob_5m.bull_top]
              bull_bottom: [fvg_5m.bull_bottom, ob_5m.bull_bottom]
              bear_top: [fvg_5m.bear_top, ob_5m.bear_top]
              bear_bottom: [fvg_5m.bear_bottom, ob_5m.bear_bottom]
              trend: bos_15m.trend
          - id: confluence
            kind: multi_tf_confluence
            params: {tick_size: 0.25, point_value: 50, risk_per_trade: 1000, max_bars: 60, commission: 2.5}
            inputs:
              candles: external:1m
              ema: [ema_1m, ema_5m, ema_15m]
              trend: [bos_1m.trend, bos_5m.trend, bos_15m.trend]
        """;

    public static CompiledDag Compile(string yaml = Yaml)
    {
        var catalog = StrategyNodes.Register(MarketStructureNodes.Register(IndicatorNodes.RegisterAll(EngineNodes.RegisterAll(new NodeCatalog()))));
        return DagCompiler.Compile(PipelineLoader.Parse(yaml, "strategy_test.yaml"), catalog);
    }

    public static List<OutputMessage> Run(CompiledDag dag, ReadOnlySpan<Candle> bars) => StructurePipeline.Run(dag, bars);

    public static BacktestReport Report(CompiledDag dag, List<OutputMessage> messages) =>
        BacktestReport.From(messages, id => id >= 0 && id < dag.Steps.Count ? dag.Steps[id].Id : "engine");
}
