using CsCheck;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

public sealed class StructurePropertyTests
{
    /// <summary>Random walks in quarter ticks at precision 2, with wicks, so gaps, swings and sweeps all occur.</summary>
    private static readonly Gen<Candle[]> GenBars =
        Gen.Select(Gen.Int[-6, 6], Gen.Int[0, 4], Gen.Int[0, 4], Gen.Int[-4, 4]).Array[3, 250].Select(steps =>
        {
            var bars = new Candle[steps.Length];
            var close = 10_000L;
            for (var i = 0; i < steps.Length; i++)
            {
                var (move, up, down, body) = steps[i];
                var open = close;
                close = Math.Max(100, open + (move * 25));
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
    public void No_event_refers_to_a_bar_later_than_the_bar_that_emitted_it()
    {
        GenBars.Sample(bars =>
        {
            foreach (var e in StructureRun.Of(bars))
            {
                Assert.Equal(e.Bar, e.EmittedBy);
                Assert.True(e.RefersTo <= e.EmittedBy, $"{e.Kind} refers to bar {e.RefersTo} but was emitted at {e.EmittedBy}");
                Assert.True(e.RefersTo >= 0);
            }
        }, iter: 300);
    }

    [Fact]
    public void Replaying_a_prefix_gives_a_prefix_of_the_events()
    {
        Gen.Select(GenBars, Gen.Int[0, 250]).Sample((bars, cut) =>
        {
            var k = Math.Min(cut, bars.Length);
            var full = StructureRun.Of(bars);
            var prefix = StructureRun.Of(bars.AsSpan(0, k));
            Assert.Equal(full.Where(e => e.Bar < k), prefix);
        }, iter: 300);
    }

    [Fact]
    public void Snapshot_then_the_rest_gives_the_uninterrupted_events()
    {
        Gen.Select(GenBars, Gen.Int[0, 250]).Sample((bars, cut) =>
        {
            var k = Math.Min(cut, bars.Length);
            var run = new StructureRun();
            for (var i = 0; i < k; i++)
                run.Step(in bars[i]);
            var restored = run.Clone();
            for (var i = k; i < bars.Length; i++)
                restored.Step(in bars[i]);
            Assert.Equal(StructureRun.Of(bars).Where(e => e.Bar >= k), restored.Events);
        }, iter: 200);
    }

    [Fact]
    public void The_generator_produces_every_kind_of_event()
    {
        var kinds = new HashSet<string>();
        GenBars.Sample(bars =>
        {
            foreach (var e in StructureRun.Of(bars))
                kinds.Add(e.Kind);
        }, iter: 200, threads: 1);
        Assert.Equal(["bos", "fvg", "liq", "ob", "swing"], kinds.Order());
    }
}
