using BenchmarkDotNet.Attributes;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.Aggregation;

/// <summary>
/// Per-tick cost of <see cref="CandleAggregator.OnTick{TSink}"/>: one invocation feeds 1M pre-built ticks (about
/// 10 prints a second, so a 1m bucket takes ~600 ticks and every boundary path runs) through a counting struct sink;
/// the result is per tick (OperationsPerInvoke). Each invocation first rewinds the aggregator with an allocation-free
/// snapshot restore so event time never runs backwards.
/// </summary>
[MemoryDiagnoser]
public class CandleAggregatorBenchmarks
{
    private const int TickCount = 1_000_000;
    private const int CacheBlock = 16_384;
    private const int CachePasses = 64;

    private struct CountingSink : ICandleSink
    {
        public long Updated;
        public long Closed;

        public void OnCandleUpdated(int spec, in Candle candle) => Updated++;

        public void OnCandleClosed(int spec, in Candle candle) => Closed++;
    }

    private Tick[] _ticks = [];
    private CandleAggregator _aggregator = null!;
    private byte[] _empty = [];
    private CountingSink _sink;

    [Params("1m", "1m,5m,15m", "1m,5m,15m@CME", "1m,5m,15m@AlgoSeek", "100T,5000V,0.25R")]
    public string Specs { get; set; } = "1m";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Specs.Split('@');
        var specs = parts[0].Split(',').Select(BarSpec.Parse).ToArray();
        var calendar = parts.Length > 1 && parts[1] == "CME" ? SessionCalendar.CmeGlobex : SessionCalendar.Utc;
        var filter = parts.Length > 1 && parts[1] == "AlgoSeek" ? TickFilter.AlgoSeekUsEquity : TickFilter.Default;
        _aggregator = new CandleAggregator(new SymbolId(1), specs, calendar, 2, 0, filter);
        _empty = new byte[_aggregator.SnapshotSize];
        _aggregator.WriteSnapshot(_empty);
        var rng = new Random(7);
        _ticks = new Tick[TickCount];
        var t = UtcNanos.FromDateTime(new DateTime(2013, 10, 8, 13, 30, 0, DateTimeKind.Utc));
        var price = 450_000L;
        for (var k = 0; k < TickCount; k++)
        {
            t += rng.Next(0, 200) * UtcNanos.PerMillisecond;
            price += rng.Next(-1, 2);
            _ticks[k] = new Tick
            {
                Symbol = new SymbolId(1), PricePrecision = 2, EventTime = t, PriceRaw = price, SizeRaw = rng.Next(1, 50),
                Conditions = k % 3 == 0 ? TickFilter.IntermarketSweep : 0,
            };
        }
    }

    [Benchmark(OperationsPerInvoke = TickCount)]
    public long OnTick()
    {
        _aggregator.RestoreSnapshot(_empty);
        var ticks = _ticks;
        for (var k = 0; k < ticks.Length; k++)
            _aggregator.OnTick(in ticks[k], ref _sink);
        return _sink.Updated + _sink.Closed;
    }

    /// <summary>
    /// The same stream in 64 passes over the first 16,384 ticks (1 MiB, cache-resident like a ring's hot slots), each
    /// pass shifted by the block's time span: the aggregation cost without the cost of streaming 64 MB of ticks.
    /// </summary>
    [Benchmark(OperationsPerInvoke = CacheBlock * CachePasses)]
    public long OnTickCacheResident()
    {
        _aggregator.RestoreSnapshot(_empty);
        var ticks = _ticks;
        var span = ticks[CacheBlock].EventTime - ticks[0].EventTime;
        for (var pass = 0; pass < CachePasses; pass++)
        {
            var offset = pass * span;
            for (var k = 0; k < CacheBlock; k++)
            {
                var tick = ticks[k];
                tick.EventTime += offset;
                _aggregator.OnTick(in tick, ref _sink);
            }
        }
        return _sink.Updated + _sink.Closed;
    }
}
