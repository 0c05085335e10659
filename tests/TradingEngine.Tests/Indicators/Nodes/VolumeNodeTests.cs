using TradingEngine.Indicators;
using TradingEngine.Indicators.Volume;
using TradingEngine.Indicators.Vwap;
using TradingEngine.Types;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Tests.Indicators.Nodes;

/// <summary>
/// tick_vwap, delta_volume, cumulative_delta, footprint and volume_profile (session and rolling) through a compiled
/// pipeline fed the real Databento ES trades (BBO from a separate quote before each trade) equal their cores fed the
/// same trades directly: outputs after every trade, and one DeltaVolume and one Footprint message per closed 1m bar.
/// </summary>
public sealed class VolumeNodeTests
{
    internal const string Pipeline = """
        pipeline: volume
        timeframes: [1m]
        session: utc
        nodes:
          - id: tvwap
            kind: tick_vwap
            params: {session: cme_globex, emit: true}
            inputs: [ticks]
          - id: delta
            kind: delta_volume
            params: {emit: true}
            inputs: [ticks, candles:1m, quotes]
          - id: cum
            kind: cumulative_delta
            params: {session: cme_globex, emit: true}
            inputs: [ticks, quotes]
          - id: fp
            kind: footprint
            params: {tick_size: 0.25, imbalance_ratio: 3, levels: 8, emit: true}
            inputs: [ticks, candles:1m, quotes]
          - id: profile
            kind: volume_profile
            params: {tick_size: 0.25, session: cme_globex, emit: true}
            inputs: [ticks]
          - id: rolling
            kind: volume_profile
            params: {tick_size: 0.25, mode: rolling, window: 5m, levels: 16, trades: 4}
            inputs: [ticks]
        """;

    private static readonly long Minute = Timeframe.OneMinute.Nanos;

    [Fact]
    public void Volume_nodes_equal_their_cores_on_real_es_trades()
    {
        var events = RealInputs.EsTradesAndQuotes();
        var h = new NodeHarness(Pipeline, 2, 0);
        var classifier = default(AggressorClassifier);
        var vwap = TickVwapState.Create(SessionCalendar.CmeGlobex, 2);
        var cumulative = CumulativeDeltaState.Create(SessionCalendar.CmeGlobex);
        var bar = default(DeltaVolumeState);
        var footprint = FootprintState.Create(25, 3.0, 8);
        var profile = SessionVolumeProfile.Create(SessionCalendar.CmeGlobex, 25);
        var rolling = RollingVolumeProfile.Create(5 * Minute, 25, 16, 4);
        var expectedBars = new List<(long BarTime, long Buy, long Sell, long Volume, int Levels, long Poc, int BuyImbalances, int SellImbalances)>();
        var barStart = long.MinValue;
        foreach (var e in events)
        {
            h.Feed(in e);
            if (e.Kind == MarketEventKind.Quote)
            {
                classifier.OnQuote(e.Quote.BidRaw, e.Quote.AskRaw);
                continue;
            }
            ref readonly var t = ref e.Tick;
            var start = t.EventTime - (t.EventTime % Minute);
            if (start != barStart)
            {
                if (barStart != long.MinValue)
                    expectedBars.Add(Summary(barStart, in bar, in footprint));
                bar.Reset();
                footprint.Reset();
                barStart = start;
            }
            var side = classifier.Classify(t.PriceRaw);
            bar.Add(side, t.SizeRaw);
            footprint.Add(t.PriceRaw, side, t.SizeRaw);
            Assert.True(vwap.Update(t.EventTime, t.PriceRaw, t.SizeRaw, out var v));
            Assert.True(cumulative.Update(t.EventTime, side, t.SizeRaw, out var cd));
            Assert.True(profile.Add(t.EventTime, t.PriceRaw, t.SizeRaw));
            rolling.Add(t.EventTime, t.PriceRaw, t.SizeRaw);

            Same(v.Vwap, h.Number("tvwap"), "tick_vwap", t.EventTime);
            Same(v.Upper1, h.Number("tvwap", 1), "tick_vwap upper_1", t.EventTime);
            Same(v.Lower2, h.Number("tvwap", 4), "tick_vwap lower_2", t.EventTime);
            Assert.Equal((double)bar.Delta, h.Number("delta"));
            Assert.Equal((double)bar.BuyVolume, h.Number("delta", 1));
            Assert.Equal((double)cd, h.Number("cum"));
            Assert.Equal((double)footprint.Totals.Delta, h.Number("fp"));
            Assert.Equal((double)footprint.Volume, h.Number("fp", 1));
            Area(profile.ComputeValueArea(), h, "profile");
            Area(rolling.ComputeValueArea(), h, "rolling");
        }

        var deltas = h.Messages.Where(m => m.Kind == MessageType.DeltaVolume).Select(m => m.DeltaVolume).ToArray();
        var footprints = h.Messages.Where(m => m.Kind == MessageType.Footprint).Select(m => m.Footprint).ToArray();
        Assert.True(expectedBars.Count > 10, $"{expectedBars.Count} closed bars");
        Assert.Equal(expectedBars.Select(b => (b.BarTime, b.Buy, b.Sell)), deltas.Select(d => (d.BarTime, d.BuyVolumeRaw, d.SellVolumeRaw)));
        Assert.Equal(
            expectedBars.Select(b => (b.BarTime, b.Volume, b.Levels, b.Poc, b.BuyImbalances, b.SellImbalances)),
            footprints.Select(f => (f.BarTime, f.TotalVolumeRaw, f.LevelCount, f.PocRaw, (int)f.BuyImbalances, (int)f.SellImbalances)));
        Assert.All(footprints, f => Assert.Equal(Timeframe.OneMinute, f.Timeframe));
        Assert.Contains(footprints, f => f.BuyImbalances + f.SellImbalances > 0);
        Assert.Equal((double)(expectedBars[^1].Buy - expectedBars[^1].Sell), h.Number("delta", 3));
        Assert.Equal(events.Length / 2, h.Messages.Count(m => m.Kind == MessageType.CumulativeDelta));
        Assert.Equal(h.Number("cum"), (double)h.Messages.Last(m => m.Kind == MessageType.CumulativeDelta).CumulativeDelta.ValueRaw);
    }

    private static (long, long, long, long, int, long, int, int) Summary(long barTime, in DeltaVolumeState bar, in FootprintState footprint)
    {
        var levels = Enumerable.Range(0, footprint.LevelCount).Select(footprint.GetLevel).ToArray();
        var poc = levels.OrderByDescending(l => l.Volume).ThenBy(l => l.Price).First().Price;
        return (barTime, bar.BuyVolume, bar.SellVolume, footprint.Volume, levels.Length, poc, levels.Count(l => l.BuyImbalance), levels.Count(l => l.SellImbalance));
    }

    private static void Area(ValueArea area, NodeHarness h, string id)
    {
        Assert.Equal(area.PointOfControl / 100.0, h.Number(id));
        Assert.Equal(area.ValueAreaHigh / 100.0, h.Number(id, 1));
        Assert.Equal(area.ValueAreaLow / 100.0, h.Number(id, 2));
        Assert.Equal((double)area.TotalVolume, h.Number(id, 3));
    }

    private static void Same(double expected, double got, string what, long time) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(got), $"{what} at {time}: core {expected:R}, node {got:R}");
}
