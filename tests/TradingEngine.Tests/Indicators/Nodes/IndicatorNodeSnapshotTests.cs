using System.Runtime.InteropServices;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.Nodes;

/// <summary>
/// Snapshot after event k, restore into a fresh pipeline, feed k+1..n: every board value and every emitted message
/// equals the uninterrupted run, bit for bit (standard nodes on real bars, volume nodes on real ES trades).
/// </summary>
public sealed class IndicatorNodeSnapshotTests
{
    private const string StandardPipeline = """
        pipeline: standard_snapshot
        timeframes: [1m]
        nodes:
          - {id: close, kind: candle_field, inputs: [external:1m]}
          - {id: sma, kind: sma, params: {period: 30, emit: true}, inputs: [close]}
          - {id: ema, kind: ema, params: {period: 10, emit: true}, inputs: {candles: external:1m}}
          - {id: wma, kind: wma, params: {period: 7}, inputs: [sma]}
          - {id: rsi, kind: rsi, params: {period: 14, emit: true}, inputs: [close]}
          - {id: atr, kind: atr, params: {period: 5, emit: true}, inputs: [external:1m]}
          - {id: vwap, kind: vwap, params: {session: us_equity, emit: true}, inputs: [external:1m]}
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(400)]
    [InlineData(1500)]
    public void Standard_nodes_restored_mid_run_equal_the_uninterrupted_run(int cut)
    {
        var candles = RealInputs.IntradayBars();
        var events = candles.Select((c, i) => MarketEvent.FromCandle(in c, i + 1)).ToArray();
        AssertRestoreEqualsUninterrupted(StandardPipeline, RealInputs.BarPrecision, events, cut);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(777)]
    [InlineData(4001)]
    public void Volume_nodes_restored_mid_run_equal_the_uninterrupted_run(int cut) =>
        AssertRestoreEqualsUninterrupted(VolumeNodeTests.Pipeline, 2, RealInputs.EsTradesAndQuotes(), cut);

    private static void AssertRestoreEqualsUninterrupted(string yaml, byte pricePrecision, MarketEvent[] events, int cut)
    {
        var uninterrupted = new NodeHarness(yaml, pricePrecision, 0);
        for (var i = 0; i < cut; i++)
            uninterrupted.Feed(in events[i]);
        var snapshot = uninterrupted.Snapshot();
        var before = uninterrupted.Messages.Count;
        var restored = new NodeHarness(yaml, pricePrecision, 0);
        restored.Pipeline.RestoreSnapshot(snapshot);
        Assert.Equal(snapshot, restored.Snapshot());
        for (var i = cut; i < events.Length; i++)
        {
            uninterrupted.Feed(in events[i]);
            restored.Feed(in events[i]);
            Assert.True(uninterrupted.Pipeline.Dag.Board.SequenceEqual(restored.Pipeline.Dag.Board), $"board differs after event {i}");
            Assert.True(uninterrupted.Pipeline.Dag.BoardValid.SequenceEqual(restored.Pipeline.Dag.BoardValid), $"valid flags differ after event {i}");
        }
        var expected = uninterrupted.Messages.Skip(before).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Length, restored.Messages.Count);
        for (var m = 0; m < expected.Length; m++)
            Assert.True(Bytes(expected[m]).SequenceEqual(Bytes(restored.Messages[m])), $"message {m} ({expected[m].Kind}) differs");
    }

    private static byte[] Bytes(OutputMessage message) => MemoryMarshal.AsBytes(new ReadOnlySpan<OutputMessage>(in message)).ToArray();
}
