using BenchmarkDotNet.Attributes;
using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.Indicators;

/// <summary>
/// Cost of ONE closed bar through each market-structure core (swings, break of structure, fair value gaps, order
/// blocks, liquidity levels), in steady state, on a seeded random walk of 1m ES bars. The cores index bars by count,
/// not time, so the same bars are fed again on every call and the state keeps moving. OperationsPerInvoke = bars per
/// call, so the figure is per bar. Run:
/// <c>dotnet run -c Release --project perf/TradingEngine.Benchmarks -- --filter '*MarketStructureBenchmarks*' --inProcess</c>
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class MarketStructureBenchmarks
{
    private const int N = 4096;

    private readonly Candle[] _bars = new Candle[N];

    // Non-readonly fields: the cores are mutable structs updated in place.
    private SwingDetector _swings;
    private StructureBreakDetector _breaks;
    private FairValueGapDetector _gaps;
    private OrderBlockDetector _blocks;
    private LiquidityDetector _liquidity;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var symbol = new SymbolId(1);
        var open = 480_000L;
        var time = 1_704_150_000_000_000_000L;
        for (var i = 0; i < N; i++)
        {
            var close = open + (random.Next(13) - 6) * 25;
            var high = Math.Max(open, close) + random.Next(4) * 25;
            var low = Math.Min(open, close) - random.Next(4) * 25;
            _bars[i] = new Candle
            {
                Symbol = symbol,
                Timeframe = Timeframe.OneMinute,
                PricePrecision = 2,
                Flags = CandleFlags.Closed,
                TickCount = 100,
                OpenTime = time,
                CloseTime = time + 60_000_000_000L,
                LastEventTime = time + 59_000_000_000L,
                OpenRaw = open,
                HighRaw = high,
                LowRaw = low,
                CloseRaw = close,
                VolumeRaw = 500 + random.Next(1000),
            };
            time += 60_000_000_000L;
            open = close;
        }
        _swings = SwingDetector.Create(3);
        _breaks = StructureBreakDetector.Create(SwingDetector.Create(3));
        _gaps = FairValueGapDetector.Create();
        _blocks = OrderBlockDetector.Create(StructureBreakDetector.Create(SwingDetector.Create(3)));
        _liquidity = LiquidityDetector.Create(SwingDetector.Create(3), clusterAtrFraction: 0.1);
        // warm the state (zones filled, ATR seeded) before anything is measured
        for (var i = 0; i < N; i++)
        {
            _swings.Update(in _bars[i]);
            _breaks.Update(in _bars[i]);
            _gaps.Update(in _bars[i]);
            _blocks.Update(in _bars[i]);
            _liquidity.Update(in _bars[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int Swings()
    {
        var flags = 0;
        for (var i = 0; i < N; i++)
            flags |= _swings.Update(in _bars[i]);
        return flags;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int BreakOfStructure()
    {
        var flags = 0;
        for (var i = 0; i < N; i++)
            flags |= _breaks.Update(in _bars[i]);
        return flags;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int FairValueGaps()
    {
        var events = 0;
        for (var i = 0; i < N; i++)
            events += _gaps.Update(in _bars[i]);
        return events;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int OrderBlocks()
    {
        var events = 0;
        for (var i = 0; i < N; i++)
            events += _blocks.Update(in _bars[i]);
        return events;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int LiquidityLevels()
    {
        var events = 0;
        for (var i = 0; i < N; i++)
            events += _liquidity.Update(in _bars[i]);
        return events;
    }
}
