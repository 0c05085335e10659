using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TradingEngine.Indicators.MarketStructure;
using TradingEngine.Tests.Indicators.MarketStructure;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.MarketStructure;

/// <summary>
/// ONE candle update of the order-block and liquidity cores against their pre-columnar reference (same definitions,
/// array-of-struct zones walked on every bar), per workload: <c>walk</c> is <see cref="StructureCoreBenchmarks"/>'
/// random walk (lists about a third full), <c>full</c> drifts up by one tick per bar with max age 4000, so blocks and
/// sell-side levels pile up behind price and the lists stay near their capacity of 32 (setup prints the mean live
/// counts). Both cores emit the same events as their reference (checked in setup). Bar: ≤ 50 ns per candle, 0 B/op.
/// Run: dotnet run -c Release --project perf/TradingEngine.Benchmarks -- --filter '*ZoneScanBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ZoneScanBenchmarks
{
    private const int N = 4096;
    private Candle[] _bars = [];

    // Non-readonly fields: the cores are mutable structs updated in place.
    private OrderBlockDetector _blocks;
    private ReferenceOrderBlockDetector _blocksReference;
    private LiquidityDetector _liquidity;
    private ReferenceLiquidityDetector _liquidityReference;

    [Params("walk", "full")]
    public string Workload { get; set; } = "walk";

    [GlobalSetup]
    public void Setup()
    {
        var full = Workload == "full";
        _bars = StructureCandles.Create(N, drift: full ? 25 : 0);
        var maxAge = full ? 4000 : 500;
        var cluster = full ? 1.0 : 0.5;
        _blocks = OrderBlockDetector.Create(StructureBreakDetector.Create(SwingDetector.Create(2)), 10, maxAge, 32);
        _blocksReference = ReferenceOrderBlockDetector.Create(StructureBreakDetector.Create(SwingDetector.Create(2)), 10, maxAge, 32);
        _liquidity = LiquidityDetector.Create(SwingDetector.Create(2), cluster, 0, true, maxAge, 32);
        _liquidityReference = ReferenceLiquidityDetector.Create(SwingDetector.Create(2), cluster, 0, true, maxAge, 32);
        double blocks = 0, levels = 0, candidates = 0;
        for (var pass = 0; pass < 3; pass++)
        {
            blocks = levels = candidates = 0;
            foreach (ref readonly var b in _bars.AsSpan())
            {
                _blocks.Update(in b);
                _blocksReference.Update(in b);
                _liquidity.Update(in b);
                _liquidityReference.Update(in b);
                if (!_blocks.Events.SequenceEqual(_blocksReference.Events) || !_liquidity.Events.SequenceEqual(_liquidityReference.Events))
                    throw new InvalidOperationException($"{Workload}: the columnar core and its reference disagree at bar {_blocks.Count - 1}");
                blocks += _blocks.LiveCount;
                levels += _liquidity.LiveCount;
                candidates += _liquidity.CandidateCount;
            }
        }
        Console.WriteLine($"// {Workload}: mean live blocks {blocks / N:F1}, levels {levels / N:F1}, candidates {candidates / N:F1} (capacity 32 each)");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    [BenchmarkCategory("Blocks")]
    public int BlocksReference()
    {
        var n = 0;
        foreach (ref readonly var b in _bars.AsSpan())
            n += _blocksReference.Update(in b);
        return n;
    }

    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory("Blocks")]
    public int Blocks()
    {
        var n = 0;
        foreach (ref readonly var b in _bars.AsSpan())
            n += _blocks.Update(in b);
        return n;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    [BenchmarkCategory("Liquidity")]
    public int LiquidityReference()
    {
        var n = 0;
        foreach (ref readonly var b in _bars.AsSpan())
            n += _liquidityReference.Update(in b);
        return n;
    }

    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory("Liquidity")]
    public int Liquidity()
    {
        var n = 0;
        foreach (ref readonly var b in _bars.AsSpan())
            n += _liquidity.Update(in b);
        return n;
    }
}
