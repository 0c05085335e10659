using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using TradingEngine.Journal;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.Journal;

/// <summary>
/// Journal append (encode + LZ4 + XxHash64 + write, with and without an fsync per 1 MiB frame) and read
/// (read + verify + LZ4 decode + decode) of all 1.89M real SPY ticks. One operation = one tick, so the reported
/// mean is ns/tick; bytes/tick is printed in the global setup. Run:
/// <c>dotnet run -c Release --project perf/TradingEngine.Benchmarks -- --filter '*JournalBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class JournalBenchmarks
{
    private const int SpyTickCount = 1_887_460;

    private Tick[] _ticks = [];
    private SymbolRegistry _symbols = new();
    private string _root = "";
    private string _readJournal = "";
    private string _dir = "";

    [GlobalSetup]
    public void Setup()
    {
        _ticks = SpyTicks.Load();
        if (_ticks.Length != SpyTickCount)
            throw new InvalidOperationException($"expected {SpyTickCount} SPY ticks, read {_ticks.Length}");
        _symbols = new SymbolRegistry();
        _symbols.GetOrAdd("SPY");
        _root = Path.Combine(Path.GetTempPath(), "te-journal-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(_root);
        _readJournal = Path.Combine(_root, "read");
        Append(_readJournal, JournalFsyncPolicy.None);
        var bytes = Directory.GetFiles(_readJournal).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"// journal of {_ticks.Length} SPY ticks: {bytes} bytes, {(double)bytes / _ticks.Length:F3} bytes/tick (every field kept)");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [IterationSetup(Targets = [nameof(Append_no_fsync), nameof(Append_fsync_per_frame)])]
    public void NewDirectory() => _dir = Path.Combine(_root, Guid.NewGuid().ToString("N"));

    [IterationCleanup(Targets = [nameof(Append_no_fsync), nameof(Append_fsync_per_frame)])]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Benchmark(OperationsPerInvoke = SpyTickCount)]
    public long Append_no_fsync() => Append(_dir, JournalFsyncPolicy.None);

    /// <summary>Every 1 MiB frame is fsynced as it is written (the PerBatch policy with one big batch): the durable bar.</summary>
    [Benchmark(OperationsPerInvoke = SpyTickCount)]
    public long Append_fsync_per_frame() => Append(_dir, JournalFsyncPolicy.PerBatch);

    [Benchmark(OperationsPerInvoke = SpyTickCount)]
    public long Read()
    {
        using var reader = new JournalReader(_readJournal, _symbols);
        long sum = 0;
        while (reader.TryRead(out var e))
            sum += e.Tick.PriceRaw;
        return sum;
    }

    private long Append(string dir, JournalFsyncPolicy fsync)
    {
        using var writer = JournalWriter.Open(dir, _symbols, new JournalWriterOptions { Fsync = fsync });
        var slot = new MarketEvent { Kind = MarketEventKind.Tick, Symbol = new SymbolId(1) };
        var ticks = _ticks;
        for (var i = 0; i < ticks.Length; i++)
        {
            // the ring slot is reused, as the journaler sees it
            slot.Tick = ticks[i];
            slot.SourceSequence = i + 1;
            writer.Append(in slot, i);
        }
        writer.Flush();
        return writer.WrittenSequence;
    }
}
