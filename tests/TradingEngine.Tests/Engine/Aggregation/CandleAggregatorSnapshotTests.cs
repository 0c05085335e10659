using CsCheck;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;
using static TradingEngine.Tests.Engine.Aggregation.AggregationFixture;

namespace TradingEngine.Tests.Engine.Aggregation;

public class CandleAggregatorSnapshotTests
{
    private static readonly BarSpec[] Specs =
    [
        BarSpec.Parse("1m+empty"), BarSpec.Parse("5m"), BarSpec.Parse("1d"), BarSpec.Parse("7T"),
        BarSpec.Parse("500V"), BarSpec.Parse("0.5R"), BarSpec.Parse("15m@ext:5m"),
    ];

    private static CandleAggregator Create() =>
        new(Symbol, Specs, SessionCalendar.CmeGlobex, 2, 0, TickFilter.AlgoSeekUsEquity);

    private static void Feed(CandleAggregator agg, Tick[] ticks, int from, int to, ref RecordingSink sink)
    {
        for (var k = from; k < to; k++)
        {
            var tick = ticks[k];
            agg.OnTick(tick, ref sink);
            if (k % 5 == 4)
                agg.OnTimer(tick.EventTime + UtcNanos.PerMinute, ref sink);
            if (k % 7 == 6)
            {
                // an external 5m candle for the bucket of this tick
                var open = UtcNanos.FloorDiv(tick.EventTime, 5 * UtcNanos.PerMinute) * 5 * UtcNanos.PerMinute;
                var ext = new Candle
                {
                    Symbol = Symbol, Timeframe = Timeframe.FiveMinutes, PricePrecision = 2, Flags = CandleFlags.Closed | CandleFlags.External,
                    OpenTime = open, CloseTime = open + 5 * UtcNanos.PerMinute, OpenRaw = tick.PriceRaw, HighRaw = tick.PriceRaw + 3,
                    LowRaw = tick.PriceRaw - 3, CloseRaw = tick.PriceRaw, VolumeRaw = tick.SizeRaw, TickCount = 1, LastEventTime = tick.EventTime,
                };
                agg.OnCandle(ext, ref sink);
            }
        }
    }

    [Fact]
    public void Restore_after_event_k_then_feeding_the_rest_reproduces_the_uninterrupted_run()
    {
        var streams = CandleFoldPropertyTests.Streams.Select(ticks =>
        {
            for (var k = 0; k < ticks.Length; k++)
                ticks[k].Conditions = k % 3 == 0 ? TickFilter.IntermarketSweep : 0;
            return ticks;
        });
        Gen.Select(streams, Gen.Double[0, 1]).Sample((ticks, fraction) =>
        {
            var k = (int)(fraction * ticks.Length);
            var whole = Create();
            var wholeSink = new RecordingSink();
            Feed(whole, ticks, 0, ticks.Length, ref wholeSink);

            var first = Create();
            var firstSink = new RecordingSink();
            Feed(first, ticks, 0, k, ref firstSink);
            var buffer = new byte[first.SnapshotSize];
            Assert.Equal(buffer.Length, first.WriteSnapshot(buffer));
            var second = Create();
            Assert.Equal(buffer.Length, second.RestoreSnapshot(buffer));
            var secondSink = new RecordingSink();
            Feed(second, ticks, k, ticks.Length, ref secondSink);

            Assert.Equal(wholeSink.Events, [.. firstSink.Events, .. secondSink.Events]);
            for (var i = 0; i < Specs.Length; i++)
            {
                Assert.Equal(whole.Forming(i), second.Forming(i));
                Assert.Equal(whole.LastClosed(i), second.LastClosed(i));
            }
            Assert.Equal((whole.LateInputs, whole.OutsideSessionInputs, whole.FilteredTicks, whole.IgnoredExternalCandles),
                (second.LateInputs, second.OutsideSessionInputs, second.FilteredTicks, second.IgnoredExternalCandles));
            var again = new byte[buffer.Length];
            var whole2 = new byte[whole.SnapshotSize];
            second.WriteSnapshot(again);
            whole.WriteSnapshot(whole2);
            Assert.Equal(whole2, again);
        }, iter: 200);
    }

    [Fact]
    public void Snapshot_of_a_differently_configured_aggregator_is_refused()
    {
        var agg = Create();
        var buffer = new byte[agg.SnapshotSize];
        agg.WriteSnapshot(buffer);
        var other = new CandleAggregator(Symbol, [.. Specs[..6], BarSpec.Parse("30m@ext:5m")], SessionCalendar.CmeGlobex, 2, 0);
        var ex = Assert.Throws<InvalidDataException>(() => other.RestoreSnapshot(buffer));
        Assert.Contains("spec 6 is '15m@ext:5m'", ex.Message);
        buffer[2] = 99;
        ex = Assert.Throws<InvalidDataException>(() => agg.RestoreSnapshot(buffer));
        Assert.Contains("version 99", ex.Message);
        Assert.Throws<ArgumentException>(() => agg.WriteSnapshot(new byte[10]));
    }
}
