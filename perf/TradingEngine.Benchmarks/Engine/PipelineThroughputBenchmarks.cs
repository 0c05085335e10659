using TradingEngine.Hosting;
using BenchmarkDotNet.Attributes;
using TradingEngine.Cli;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.Engine;

/// <summary>
/// The whole bench pipeline (perf/pipelines/bench.yaml: 26 nodes over 1m/5m/15m, 9 on every tick)
/// plus 1m/5m/15m aggregation, single thread, events from memory through the same SymbolExecutor the
/// ring handler calls. One operation = one tick; the bar is ≥ 10M ticks/s (≤ 100 ns/op) and 0 B/op.
/// </summary>
[MemoryDiagnoser]
public class PipelineThroughputBenchmarks
{
    private const int Events = 1 << 20;
    private MarketEvent[] _events = [];
    private SymbolExecutor _executor = null!;
    private NullSink _sink;
    private int _position;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(RepositoryRoot(), "perf", "pipelines", "bench.yaml");
        var dag = DagCompiler.Compile(PipelineLoader.LoadFile(path), NodeCatalogs.Standard());
        var symbol = new SymbolId(1);
        _executor = new SymbolExecutor([new SymbolPipeline(dag, symbol, 2, 0)]);
        _events = new MarketEvent[Events];
        var random = new Random(17);
        var time = UtcNanos.FromDateTime(new DateTime(2024, 3, 4, 14, 30, 0, DateTimeKind.Utc));
        long price = 512_000;
        for (var i = 0; i < Events; i++)
        {
            time += random.Next(1, 40_000_000); // ~50 ticks/s: a 15m candle closes every ~45k ticks
            price += (random.Next(5) - 2) * 25;
            var tick = Tick.Create(symbol, time, new Price(price, 2), new Quantity(random.Next(1, 10), 0));
            tick.Side = (AggressorSide)random.Next(3);
            _events[i] = MarketEvent.FromTick(tick, i);
        }
    }

    [Benchmark(OperationsPerInvoke = 1 << 16, Description = "bench.yaml, per tick")]
    public void Ticks()
    {
        // Time moves on across invocations: the array is replayed with a growing offset so candles keep closing normally.
        var events = _events;
        var start = _position;
        for (var i = 0; i < 1 << 16; i++)
        {
            ref readonly var e = ref events[(start + i) & (Events - 1)];
            _executor.OnEvent(in e, ref _sink);
        }
        _position = (start + (1 << 16)) & (Events - 1);
        if (_position == 0)
            Rewind();
    }

    // Shifts every event past the last one so event time stays monotonic when the array wraps.
    private void Rewind()
    {
        var span = _events[^1].Tick.EventTime - _events[0].Tick.EventTime + 1;
        for (var i = 0; i < _events.Length; i++)
            _events[i].Tick.EventTime += span;
    }

    // BenchmarkDotNet runs each benchmark in a child process from the artifacts folder, which may be
    // outside the repository (TE_ARTIFACTS): TE_REPO, then the working directory, then the binaries.
    private static string RepositoryRoot()
    {
        if (Environment.GetEnvironmentVariable("TE_REPO") is { Length: > 0 } repo)
            return repo;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TradingEngine.sln")))
                dir = dir.Parent;
            if (dir is not null)
                return dir.FullName;
        }
        throw new InvalidOperationException("set TE_REPO to the repository root (TradingEngine.sln not found above the working directory or " + AppContext.BaseDirectory + ")");
    }
}
