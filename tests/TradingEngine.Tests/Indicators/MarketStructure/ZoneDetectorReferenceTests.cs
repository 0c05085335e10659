using System.Buffers;
using CsCheck;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

/// <summary>
/// The columnar order-block and liquidity cores (bounds early-out, <see cref="ZoneColumns"/>) against the plain
/// walk-every-zone implementations they replaced: same events, bar for bar, over random walks with and without drift,
/// small capacities (the oldest is dropped), short max ages (expiry), with a snapshot and restore part way.
/// </summary>
public sealed class ZoneDetectorReferenceTests
{
    private static readonly Gen<Candle[]> GenBars =
        Gen.Select(Gen.Int[-30, 30], Gen.Select(Gen.Int[-6, 6], Gen.Int[0, 4], Gen.Int[0, 4], Gen.Int[-4, 4]).Array[3, 400]).Select((drift, steps) =>
        {
            var bars = new Candle[steps.Length];
            var close = 50_000L;
            for (var i = 0; i < steps.Length; i++)
            {
                var (move, up, down, body) = steps[i];
                var open = close;
                close = Math.Max(100, open + (move * 25) + drift);
                var high = Math.Max(open, close) + (up * 25);
                var low = Math.Max(25, Math.Min(open, close) - (down * 25));
                var b = StructureBars.Bar(i, 0, 0, 0, 0);
                b.OpenRaw = open;
                b.HighRaw = high;
                b.LowRaw = low;
                b.CloseRaw = Math.Clamp(close + (body * 5), low, high);
                close = b.CloseRaw;
                bars[i] = b;
            }
            return bars;
        });

    [Fact]
    public void Order_blocks_match_the_reference()
    {
        Gen.Select(GenBars, Gen.Int[1, 12], Gen.Int[1, 40], Gen.Int[1, 8], Gen.Int[0, 400]).Sample((bars, lookback, maxAge, capacity, cut) =>
        {
            var detector = OrderBlockDetector.Create(StructureBreakDetector.Create(SwingDetector.Create(2)), lookback, maxAge * 10, capacity);
            var reference = ReferenceOrderBlockDetector.Create(StructureBreakDetector.Create(SwingDetector.Create(2)), lookback, maxAge * 10, capacity);
            for (var i = 0; i < bars.Length; i++)
            {
                if (i == cut)
                    detector = Restore(detector, lookback, maxAge * 10, capacity);
                detector.Update(in bars[i]);
                reference.Update(in bars[i]);
                Assert.Equal(reference.Events.ToArray(), detector.Events.ToArray());
                foreach (var direction in (ReadOnlySpan<StructureDirection>)[StructureDirection.Bullish, StructureDirection.Bearish])
                {
                    Assert.Equal(reference.TryNewest(direction, out var t0, out var b0), detector.TryNewest(direction, out var t1, out var b1));
                    Assert.Equal((t0, b0), (t1, b1));
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void Liquidity_levels_match_the_reference()
    {
        Gen.Select(GenBars, Gen.Int[0, 8], Gen.Bool, Gen.Int[1, 40], Gen.Int[1, 8], Gen.Int[0, 400]).Sample((bars, ticks, closeBack, maxAge, capacity, cut) =>
        {
            var distance = ticks * 0.25;
            var detector = LiquidityDetector.Create(SwingDetector.Create(2), distance, 0, closeBack, maxAge * 10, capacity);
            var reference = ReferenceLiquidityDetector.Create(SwingDetector.Create(2), distance, 0, closeBack, maxAge * 10, capacity);
            for (var i = 0; i < bars.Length; i++)
            {
                if (i == cut)
                    detector = Restore(detector, distance, closeBack, maxAge * 10, capacity);
                detector.Update(in bars[i]);
                reference.Update(in bars[i]);
                Assert.Equal(reference.Events.ToArray(), detector.Events.ToArray());
                foreach (var side in (ReadOnlySpan<LiquiditySide>)[LiquiditySide.BuySide, LiquiditySide.SellSide])
                {
                    Assert.Equal(reference.TryNearest(side, out var p0), detector.TryNearest(side, out var p1));
                    Assert.Equal(p0, p1);
                }
                // the node's cached extremes (recomputed only when the live levels changed) equal the scans
                detector.Nearest(out var hasBuy, out var buy, out var hasSell, out var sell);
                Assert.Equal((reference.TryNearest(LiquiditySide.BuySide, out var b0), reference.TryNearest(LiquiditySide.SellSide, out var s0)), (hasBuy, hasSell));
                Assert.Equal((hasBuy ? b0 : 0, hasSell ? s0 : 0), (buy, sell));
            }
        }, iter: 300);
    }

    [Fact]
    public void Cached_level_extremes_follow_every_change_of_the_live_levels()
    {
        // Nearest() recomputes only when ZoneColumns.Version moved: every path that changes a live level (a new touch
        // moving its price included) must move it. Wider tolerances make touches move prices often.
        var moved = 0;
        Gen.Select(GenBars, Gen.Int[2, 12], Gen.Int[2, 40], Gen.Int[2, 8]).Sample((bars, ticks, maxAge, capacity) =>
        {
            var detector = LiquidityDetector.Create(SwingDetector.Create(2), ticks * 0.25, 0, true, maxAge * 10, capacity);
            long lastBuy = 0;
            for (var i = 0; i < bars.Length; i++)
            {
                detector.Update(in bars[i]);
                detector.Nearest(out var hasBuy, out var buy, out var hasSell, out var sell);
                Assert.Equal(detector.TryNearest(LiquiditySide.BuySide, out var b), hasBuy);
                Assert.Equal(detector.TryNearest(LiquiditySide.SellSide, out var s), hasSell);
                Assert.Equal((hasBuy ? b : 0, hasSell ? s : 0), (buy, sell));
                if (hasBuy && buy != lastBuy)
                    moved++;
                lastBuy = hasBuy ? buy : 0;
            }
        }, iter: 2_000);
        Assert.True(moved > 100, $"the extremes moved only {moved} times");
    }

    [Fact]
    public void The_generator_fills_evicts_and_expires_zones()
    {
        // Guards the two properties above against a generator that never reaches the paths they are about.
        int fullBlocks = 0, fullLevels = 0, invalidated = 0, swept = 0;
        GenBars.Sample(bars =>
        {
            var blocks = OrderBlockDetector.Create(StructureBreakDetector.Create(SwingDetector.Create(2)), 10, 100, 4);
            var levels = LiquidityDetector.Create(SwingDetector.Create(2), 0.5, 0, true, 100, 4);
            foreach (ref readonly var b in bars.AsSpan())
            {
                blocks.Update(in b);
                levels.Update(in b);
                fullBlocks += blocks.LiveCount == 4 ? 1 : 0;
                fullLevels += levels.LiveCount == 4 || levels.CandidateCount == 4 ? 1 : 0;
                foreach (var e in blocks.Events)
                    invalidated += e.State == ZoneState.Invalidated ? 1 : 0;
                foreach (var e in levels.Events)
                    swept += e.State != ZoneState.Active ? 1 : 0;
            }
        }, iter: 100);
        Assert.True(fullBlocks > 0 && fullLevels > 0 && invalidated > 0 && swept > 0, $"full blocks {fullBlocks}, full levels {fullLevels}, invalidated {invalidated}, swept {swept}");
    }

    private static OrderBlockDetector Restore(in OrderBlockDetector detector, int lookback, int maxAge, int capacity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new StateWriter(buffer);
        detector.WriteState(ref w);
        var copy = OrderBlockDetector.Create(StructureBreakDetector.Create(SwingDetector.Create(2)), lookback, maxAge, capacity);
        var r = new StateReader(buffer.WrittenSpan);
        copy.ReadState(ref r);
        return copy;
    }

    private static LiquidityDetector Restore(in LiquidityDetector detector, double distance, bool closeBack, int maxAge, int capacity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new StateWriter(buffer);
        detector.WriteState(ref w);
        var copy = LiquidityDetector.Create(SwingDetector.Create(2), distance, 0, closeBack, maxAge, capacity);
        var r = new StateReader(buffer.WrittenSpan);
        copy.ReadState(ref r);
        return copy;
    }
}
