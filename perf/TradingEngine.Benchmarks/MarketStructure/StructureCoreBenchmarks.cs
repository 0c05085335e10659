using BenchmarkDotNet.Attributes;
using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.MarketStructure;

/// <summary>
/// Cost of ONE candle update of each market-structure core (OperationsPerInvoke = candles per call), in steady state
/// (warmed over the same walk first, so zones are live and expire). Bar: ≤ 50 ns per candle, 0 B/op. The swing
/// detector is the baseline: every other core wraps one, so the ratio says what each adds on top of it. Over this
/// walk the lists are far from full (about 10 live blocks, 7 levels and 20 candidates of 32);
/// <see cref="ZoneScanBenchmarks"/> has the full-list case and the pre-columnar reference.
/// Run: dotnet run -c Release --project perf/TradingEngine.Benchmarks -- --filter '*StructureCoreBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class StructureCoreBenchmarks
{
    private const int N = 4096;
    private Candle[] _bars = [];

    // Non-readonly fields: the cores are mutable structs updated in place.
    private SwingDetector _swings;
    private FairValueGapDetector _gaps;
    private StructureBreakDetector _breaks;
    private OrderBlockDetector _blocks;
    private LiquidityDetector _liquidity;

    [GlobalSetup]
    public void Setup()
    {
        _bars = StructureCandles.Create(N);
        _swings = SwingDetector.Create(2, 0.25, 0.1, 14);
        _gaps = FairValueGapDetector.Create(0.25, 0, 14, 500, 32);
        _breaks = StructureBreakDetector.Create(SwingDetector.Create(2), BreakMode.Close);
        _blocks = OrderBlockDetector.Create(StructureBreakDetector.Create(SwingDetector.Create(2)), 10, 500, 32);
        _liquidity = LiquidityDetector.Create(SwingDetector.Create(2), 0.5, 0, true, 500, 32);
        Swings();
        Gaps();
        Breaks();
        Blocks();
        Liquidity();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public int Swings()
    {
        var n = 0;
        foreach (ref readonly var b in _bars.AsSpan())
            n += _swings.Update(in b);
        return n;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int Gaps()
    {
        var n = 0;
        foreach (ref readonly var b in _bars.AsSpan())
            n += _gaps.Update(in b);
        return n;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int Breaks()
    {
        var n = 0;
        foreach (ref readonly var b in _bars.AsSpan())
            n += _breaks.Update(in b);
        return n;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int Blocks()
    {
        var n = 0;
        foreach (ref readonly var b in _bars.AsSpan())
            n += _blocks.Update(in b);
        return n;
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int Liquidity()
    {
        var n = 0;
        foreach (ref readonly var b in _bars.AsSpan())
            n += _liquidity.Update(in b);
        return n;
    }
}
