using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

/// <summary>Runs external 1m candles through a pipeline with every structure kind and collects the messages.</summary>
internal static class StructurePipeline
{
    public const string Yaml = """
        pipeline: structure_test
        timeframes: [1m, 5m@ext:1m]
        nodes:
          - id: swings_1m
            kind: swing_points
            params: {strength: 2, tick_size: 0.25, equal_ticks: 1}
            inputs: [external:1m]
          - id: fvg_1m
            kind: fair_value_gaps
            params: {tick_size: 0.25, min_ticks: 1}
            inputs: [external:1m]
          - id: bos_1m
            kind: break_of_structure
            params: {strength: 2}
            inputs: [external:1m]
          - id: ob_1m
            kind: order_blocks
            params: {strength: 2, lookback: 10}
            inputs: [external:1m]
          - id: liq_1m
            kind: liquidity_levels
            params: {strength: 2, tick_size: 0.25, cluster_ticks: 1}
            inputs: [external:1m]
          - id: bos_5m
            kind: break_of_structure
            params: {strength: 2, mode: wick}
            inputs: [candles:5m@ext:1m]
        """;

    public static CompiledDag Compile(string yaml = Yaml)
    {
        var catalog = MarketStructureNodes.Register(EngineNodes.RegisterAll(new NodeCatalog()));
        return DagCompiler.Compile(PipelineLoader.Parse(yaml, "structure_test.yaml"), catalog);
    }

    public static List<OutputMessage> Run(CompiledDag dag, ReadOnlySpan<Candle> bars)
    {
        var pipeline = new SymbolPipeline(dag, StructureBars.Symbol, 2, 0);
        var sink = CollectingSink.Create();
        for (var i = 0; i < bars.Length; i++)
        {
            var e = MarketEvent.FromCandle(in bars[i], i + 1);
            pipeline.OnEvent(in e, ref sink);
        }
        return sink.Messages;
    }
}
