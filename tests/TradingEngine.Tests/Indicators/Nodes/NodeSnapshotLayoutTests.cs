using System.Buffers;
using System.Security.Cryptography;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Indicators.Nodes;
using TradingEngine.Tests.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.Nodes;

/// <summary>
/// The snapshot bytes of the series kinds (sma, ema, wma, rsi) and the market-structure kinds, pinned: the hashes
/// below (the first 160 bits of each SHA-256) are those the per-kind nodes wrote before they moved onto the generic series and structure nodes (commit
/// 01f4e74), so a snapshot taken by an older engine restores into this one, and a change of layout fails here
/// instead of in a restore (bump the kind's state version then).
/// </summary>
public sealed class NodeSnapshotLayoutTests
{
    private const string Yaml = """
        pipeline: snapshot_layout
        timeframes: [1m]
        nodes:
          - {id: close, kind: candle_field, inputs: [external:1m]}
          - {id: sma, kind: sma, params: {period: 30}, inputs: [close]}
          - {id: ema, kind: ema, params: {period: 10}, inputs: {candles: external:1m}}
          - {id: wma, kind: wma, params: {period: 7}, inputs: [sma]}
          - {id: rsi, kind: rsi, params: {period: 14}, inputs: [close]}
          - {id: swings, kind: swing_points, params: {strength: 2, tick_size: 0.0001}, inputs: [external:1m]}
          - {id: fvg, kind: fair_value_gaps, params: {tick_size: 0.0001}, inputs: [external:1m]}
          - {id: ob, kind: order_blocks, params: {tick_size: 0.0001}, inputs: [external:1m]}
          - {id: liq, kind: liquidity_levels, params: {tick_size: 0.0001, cluster_ticks: 20}, inputs: [external:1m]}
          - {id: bos, kind: break_of_structure, params: {tick_size: 0.0001}, inputs: [external:1m]}
        """;

    [Theory]
    [InlineData(5, "00D8BD5B89ED6501D1918532A57477FD60813142")]
    [InlineData(400, "E9EF303D64321A4EAC080AA703357820DF58C2D3")]
    [InlineData(1500, "8581952E7F54FD20412268DDB784C7684A69FFC0")]
    public void Snapshot_bytes_are_those_of_the_per_kind_nodes(int cut, string expectedSha256Prefix)
    {
        var bars = RealInputs.IntradayBars();
        var catalog = MarketStructureNodes.Register(IndicatorNodes.RegisterAll(EngineNodes.RegisterAll(new NodeCatalog())));
        var dag = DagCompiler.Compile(PipelineLoader.Parse(Yaml, "layout.yaml"), catalog);
        var pipeline = new SymbolPipeline(dag, new SymbolId(7), RealInputs.BarPrecision, 0);
        var sink = new TestSink();
        for (var i = 0; i < cut; i++)
        {
            var e = MarketEvent.FromCandle(in bars[i], i + 1);
            pipeline.OnEvent(in e, ref sink);
        }
        var buffer = new ArrayBufferWriter<byte>();
        pipeline.WriteSnapshot(buffer);
        // the first 160 bits of the SHA-256 of the whole pipeline snapshot after `cut` real 1m bars
        Assert.Equal(expectedSha256Prefix, Convert.ToHexString(SHA256.HashData(buffer.WrittenSpan))[..40]);
    }
}
