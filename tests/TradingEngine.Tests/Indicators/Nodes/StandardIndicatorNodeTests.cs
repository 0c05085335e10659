using TradingEngine.Indicators;
using TradingEngine.Indicators.MovingAverages;
using TradingEngine.Indicators.Oscillators;
using TradingEngine.Indicators.Volatility;
using TradingEngine.Indicators.Vwap;
using TradingEngine.Types;
using VwapMessage = TradingEngine.Types.Vwap;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Tests.Indicators.Nodes;

/// <summary>
/// sma, ema, wma, rsi, atr and vwap through a compiled pipeline equal their cores fed the same real bars directly,
/// bit for bit, after every bar: through a candle input (field) and through a Number input (candle_field upstream).
/// </summary>
public sealed class StandardIndicatorNodeTests
{
    private const string Pipeline = """
        pipeline: standard
        timeframes: [1m]
        nodes:
          - id: close
            kind: candle_field
            inputs: [external:1m]
          - id: sma_close
            kind: sma
            params: {period: 20, emit: true}
            inputs: [close]
          - id: ema_high
            kind: ema
            params: {period: 12, field: high}
            inputs: {candles: external:1m}
          - id: wma_typical
            kind: wma
            params: {period: 9, field: typical}
            inputs: {candles: external:1m}
          - id: rsi_close
            kind: rsi
            params: {period: 14, emit: true}
            inputs: {candles: external:1m}
          - id: atr_14
            kind: atr
            params: {period: 14, emit: true}
            inputs: [external:1m]
          - id: session_vwap
            kind: vwap
            params: {session: us_equity, emit: true}
            inputs: [external:1m]
        """;

    [Fact]
    public void Every_standard_node_equals_its_core_on_real_bars_bit_for_bit()
    {
        var candles = RealInputs.IntradayBars();
        var h = new NodeHarness(Pipeline, RealInputs.BarPrecision, 0);
        var sma = SmaState.Create(20);
        var ema = EmaState.Create(12);
        var wma = WmaState.Create(9);
        var rsi = RsiState.Create(14);
        var atr = AtrState.Create(14);
        var vwap = VwapState.Create(SessionCalendar.UsEquityRegular);
        var outputs = new int[6];
        for (var i = 0; i < candles.Length; i++)
        {
            ref readonly var c = ref candles[i];
            h.Feed(MarketEvent.FromCandle(in c, i + 1));
            double high = RealInputs.Price(c.HighRaw), low = RealInputs.Price(c.LowRaw), close = RealInputs.Price(c.CloseRaw);
            Check(h, "sma_close", sma.Update(close, out var v0), v0, i, ref outputs[0]);
            Check(h, "ema_high", ema.Update(high, out var v1), v1, i, ref outputs[1]);
            Check(h, "wma_typical", wma.Update((high + low + close) / 3.0, out var v2), v2, i, ref outputs[2]);
            Check(h, "rsi_close", rsi.Update(close, out var v3), v3, i, ref outputs[3]);
            Check(h, "atr_14", atr.Update(high, low, close, out var v4), v4, i, ref outputs[4]);
            if (vwap.UpdateCandle(c.OpenTime, high, low, close, c.VolumeRaw, out var w))
            {
                Check(h, "session_vwap", true, w.Vwap, i, ref outputs[5]);
                Assert.Equal(w.Upper1, h.Number("session_vwap", 1));
                Assert.Equal(w.Lower2, h.Number("session_vwap", 4));
                Assert.Equal(w.Volume, h.Number("session_vwap", 5));
            }
        }
        Assert.Equal([candles.Length - 19, candles.Length - 11, candles.Length - 8, candles.Length - 14, candles.Length - 14], outputs[..5]);
        // vwap has no lookback; the few bars outside 09:30-16:00 New York belong to no session and give no value.
        Assert.InRange(outputs[5], candles.Length - 10, candles.Length - 1);
    }

    [Fact]
    public void Emitting_nodes_send_their_catalog_message_per_value_with_period_and_timeframe()
    {
        var candles = RealInputs.IntradayBars();
        var h = new NodeHarness(Pipeline, RealInputs.BarPrecision, 0);
        for (var i = 0; i < candles.Length; i++)
            h.Feed(MarketEvent.FromCandle(in candles[i], i + 1));

        var movingAverages = h.Messages.Where(m => m.Kind == MessageType.MovingAverage).ToArray();
        Assert.Equal(candles.Length - 19, movingAverages.Length);
        Assert.All(movingAverages, m => Assert.Equal((MovingAverageKind.Sma, (ushort)20, h.Step("sma_close")), (m.MovingAverage.Kind, m.MovingAverage.Period, m.NodeId)));
        // sma reads a Number input: no timeframe; rsi and atr read the 1m candles.
        Assert.True(movingAverages[0].MovingAverage.Timeframe.IsNone);
        var rsi = h.Messages.Where(m => m.Kind == MessageType.Rsi).Select(m => m.Rsi).ToArray();
        Assert.Equal(candles.Length - 14, rsi.Length);
        Assert.All(rsi, r => Assert.Equal(Timeframe.OneMinute, r.Timeframe));
        var last = h.Messages.Last(m => m.Kind == MessageType.Atr).Atr;
        Assert.Equal(h.Number("atr_14"), last.Value);
        Assert.Equal(candles[^1].CloseTime - 1, last.EventTime);
        VwapMessage lastVwap = h.Messages.Last(m => m.Kind == MessageType.Vwap).Vwap;
        Assert.Equal((h.Number("session_vwap"), h.Number("session_vwap", 3)), (lastVwap.Value, lastVwap.Upper2));
        Assert.Equal(0, h.Messages.Count(m => m.Kind == MessageType.MovingAverage && m.NodeId != h.Step("sma_close")));
    }

    private static void Check(NodeHarness h, string id, bool produced, double expected, int row, ref int count)
    {
        if (!produced)
        {
            Assert.False(h.IsValid(id), $"{id} row {row}: output before the core's lookback");
            return;
        }
        count++;
        var got = h.Number(id);
        Assert.True(BitConverter.DoubleToInt64Bits(got) == BitConverter.DoubleToInt64Bits(expected), $"{id} row {row}: node {got:R}, core {expected:R}");
    }
}
