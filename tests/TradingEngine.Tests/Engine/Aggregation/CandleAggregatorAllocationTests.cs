using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;
using static TradingEngine.Tests.Engine.Aggregation.AggregationFixture;

namespace TradingEngine.Tests.Engine.Aggregation;

public class CandleAggregatorAllocationTests
{
    private struct CountingSink : ICandleSink
    {
        public long Updated;
        public long Closed;

        public void OnCandleUpdated(int spec, in Candle candle) => Updated++;

        public void OnCandleClosed(int spec, in Candle candle) => Closed++;
    }

    [Fact]
    public void One_million_ticks_across_sessions_allocate_nothing()
    {
        BarSpec[] specs =
        [
            BarSpec.Parse("1m+empty"), BarSpec.Parse("5m"), BarSpec.Parse("15m"), BarSpec.Parse("1d"),
            BarSpec.Parse("100T"), BarSpec.Parse("5000V"), BarSpec.Parse("0.25R"),
        ];
        var agg = new CandleAggregator(Symbol, specs, SessionCalendar.CmeGlobex, 2, 0, TickFilter.AlgoSeekUsEquity);
        var ticks = new Tick[100_000];
        var rng = new Random(42);
        for (var k = 0; k < ticks.Length; k++)
            ticks[k] = Trade(0, 10_000 + rng.Next(-50, 50), rng.Next(1, 200), conditions: k % 4 == 0 ? TickFilter.IntermarketSweep : 0u);
        var sink = new CountingSink();
        var t = At(0, 0);
        void Pass(ref CountingSink s)
        {
            for (var k = 0; k < ticks.Length; k++)
            {
                t += 250 * UtcNanos.PerMillisecond; // 100k ticks ≈ 7 h: ten passes cross sessions, halts and a weekend
                ticks[k].EventTime = t;
                agg.OnTick(ticks[k], ref s);
                if ((k & 1023) == 0)
                    agg.OnTimer(t, ref s);
            }
        }
        Pass(ref sink); // warm-up: JIT and the time-zone caches
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var pass = 0; pass < 10; pass++)
            Pass(ref sink);
        // this thread's counter, not the process's: other test classes run in parallel and allocate (the executor's
        // whole-process zero-allocation test covers the aggregator inside a pipeline)
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(sink.Closed > 1000, $"only {sink.Closed} closes");
        Assert.True(agg.OutsideSessionInputs > 0, "the run never left a session");
    }
}
