using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// The <c>journal</c> suite (issue 7's append bar): the real SPY ticks appended through <see cref="JournalWriter"/>
/// (encode + LZ4 + XxHash64 + write, fsync per 1 MiB frame: <see cref="JournalFsyncPolicy.PerBatch"/> with one batch)
/// against a baseline that copies the raw tick structs into 1 MiB buffers and writes and fsyncs each one: the same
/// I/O cadence with no encoding and no compression. Alternated runs (A, B, A, B …), medians and per-pair ratios;
/// bytes per tick on disk for both. Bars: ≥ 10M ticks/s, ≤ 6 bytes/tick.
/// Options: --quick (first day only), --pairs N, --dir DIR (where the journals go; the default temp dir must not be a tmpfs, or fsync costs nothing), --out FILE.
/// </summary>
public sealed class JournalSuite : ISuite
{
    private const int FrameBytes = 1024 * 1024;

    public string Name => "journal";

    public string Description => "journal append (encode+LZ4+hash+write, fsync per frame) of real SPY ticks vs raw struct write+fsync";

    public int Run(SuiteOptions options)
    {
        var quick = options.Quick;
        var files = SpyData.Files(quick);
        if (files.Length == 0)
        {
            Console.WriteLine(SpyData.MissingMessage(Name));
            return 0;
        }
        var pairs = (int)options.Int("--pairs", quick ? 5 : 7);
        var clock = Stopwatch.StartNew();
        var root = options.Value("--dir") is { } parent
            ? Directory.CreateDirectory(Path.Combine(parent, "te-perf-journal-" + Guid.NewGuid().ToString("N")[..8])).FullName
            : Directory.CreateTempSubdirectory("te-perf-journal-").FullName;
        try
        {
            var symbols = new SymbolRegistry();
            var ticks = LoadTicks(files, symbols.GetOrAdd("SPY"));
            Console.WriteLine($"# journal suite ({(quick ? "quick" : "full")}): {ticks.Length:N0} SPY ticks from {files.Length} file(s), {pairs} pairs, " +
                $"tick struct {Unsafe.SizeOf<Tick>()} B, frame {FrameBytes / 1024} KiB, fsync per frame, dir {root}, {Environment.ProcessorCount} cpus, {RunEnvironment.CpuModel()}");

            // Warm-up: JIT tiers for both paths, and the file system's first touches.
            AppendJournal(Path.Combine(root, "warm"), symbols, ticks);
            WriteRaw(Path.Combine(root, "warm.raw"), ticks);

            var ours = new List<Sample>();
            var baseline = new List<Sample>();
            var ratios = new List<double>();
            for (var p = 0; p < pairs; p++)
            {
                var a = AppendJournal(Path.Combine(root, $"j{p}"), symbols, ticks);
                var b = WriteRaw(Path.Combine(root, $"r{p}.raw"), ticks);
                ours.Add(a);
                baseline.Add(b);
                ratios.Add(a.TicksPerSecond / b.TicksPerSecond);
                Console.WriteLine($"  pair {p + 1}: journal {Rate(a.TicksPerSecond)} ticks/s ({a.BytesPerTick:F3} B/tick, {a.Syncs} fsyncs), " +
                    $"raw write {Rate(b.TicksPerSecond)} ticks/s ({b.BytesPerTick:F1} B/tick, {b.Syncs} fsyncs), ratio {F2(a.TicksPerSecond / b.TicksPerSecond)}");
            }

            var oursMedian = Stats.Median(ours.Select(s => s.TicksPerSecond).ToList());
            var rawMedian = Stats.Median(baseline.Select(s => s.TicksPerSecond).ToList());
            var ratio = Stats.Median(ratios);
            var bytesPerTick = ours[0].BytesPerTick;
            var allocatedPerTick = Stats.Median(ours.Select(s => (double)s.AllocatedBytes / s.Ticks).ToList());
            Console.WriteLine($"journal-append-fsync-per-frame: {Rate(oursMedian)} ticks/s");
            Console.WriteLine($"raw-struct-write-fsync-per-MiB: {Rate(rawMedian)} ticks/s");
            Console.WriteLine($"ratio: {F2(ratio)} (median of per-pair ratios journal/raw)");
            Console.WriteLine($"journal-bytes-per-tick: {bytesPerTick.ToString("F3", CultureInfo.InvariantCulture)} (segment headers and frame headers included; raw {Unsafe.SizeOf<Tick>()})");
            Console.WriteLine($"journal-allocated-bytes-per-tick: {allocatedPerTick.ToString("F4", CultureInfo.InvariantCulture)} (whole process, median run; includes opening the writer)");
            var bars = new[]
            {
                (Name: "journal append >= 10M ticks/s with LZ4 and fsync per frame (median)", Met: oursMedian >= 10e6, Value: oursMedian),
                (Name: "<= 6 bytes/tick on the SPY ticks, every field kept", Met: bytesPerTick <= 6, Value: bytesPerTick),
            };
            foreach (var bar in bars)
                Console.WriteLine($"# bar {(bar.Met ? "met   " : "MISSED")} {bar.Name}: {bar.Value.ToString("G6", CultureInfo.InvariantCulture)}");

            var path = options.ResultsPath(Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var result = new
            {
                suite = Name,
                mode = quick ? "quick" : "full",
                environment = RunEnvironment.Describe(),
                config = new
                {
                    files = files.Select(Path.GetFileName).ToArray(),
                    ticks = ticks.Length,
                    pairs,
                    tickStructBytes = Unsafe.SizeOf<Tick>(),
                    journal = "JournalWriter, default options (1 MiB frames, LZ4 L00_FAST, XxHash64), Fsync PerBatch with one Flush at the end: one fsync per full frame",
                    baseline = "tick structs copied into a 1 MiB buffer, RandomAccess.Write + FlushToDisk per buffer (same cadence, no encoding, no compression)",
                },
                journal = ours,
                raw = baseline,
                ratios,
                journalMedian = oursMedian,
                rawMedian,
                ratioMedian = ratio,
                bytesPerTick,
                allocatedBytesPerTick = allocatedPerTick,
                bars = bars.Select(b => new { b.Name, b.Met, b.Value }).ToArray(),
                elapsedSeconds = clock.Elapsed.TotalSeconds,
            };
            File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Console.WriteLine($"# suite time {clock.Elapsed.TotalSeconds:F1} s; results written to {path}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>One timed run: ticks/s, bytes on disk per tick, fsync calls, bytes allocated by the whole process.</summary>
    private sealed record Sample(double TicksPerSecond, double BytesPerTick, long Syncs, long AllocatedBytes, long Ticks, double Seconds);

    private static Tick[] LoadTicks(string[] files, SymbolId symbol)
    {
        var ticks = new List<Tick>(1_900_000);
        foreach (var file in files)
        {
            using var reader = new LeanEquityTradeReader(file, symbol);
            foreach (var tick in reader)
                ticks.Add(tick);
        }
        return ticks.ToArray();
    }

    private static Sample AppendJournal(string dir, SymbolRegistry symbols, Tick[] ticks)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        long bytes, syncs;
        using (var writer = JournalWriter.Open(dir, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.PerBatch }))
        {
            // the journaler sees a reused ring slot, not a fresh event per tick
            var slot = new MarketEvent { Kind = MarketEventKind.Tick, Symbol = ticks[0].Symbol };
            for (var i = 0; i < ticks.Length; i++)
            {
                slot.Tick = ticks[i];
                slot.SourceSequence = i + 1;
                writer.Append(in slot, i);
            }
            writer.Flush();
            bytes = writer.BytesWritten;
            syncs = writer.Syncs;
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Directory.Delete(dir, recursive: true);
        return new Sample(ticks.Length / seconds, (double)bytes / ticks.Length, syncs, allocated, ticks.Length, seconds);
    }

    private static Sample WriteRaw(string path, Tick[] ticks)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        var buffer = new byte[FrameBytes];
        var size = Unsafe.SizeOf<Tick>();
        long offset = 0, syncs = 0;
        using (var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            var used = 0;
            for (var i = 0; i < ticks.Length; i++)
            {
                if (used + size > buffer.Length)
                {
                    Flush(file, buffer.AsSpan(0, used), ref offset, ref syncs);
                    used = 0;
                }
                MemoryMarshal.Write(buffer.AsSpan(used), in ticks[i]);
                used += size;
            }
            if (used > 0)
                Flush(file, buffer.AsSpan(0, used), ref offset, ref syncs);
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        File.Delete(path);
        return new Sample(ticks.Length / seconds, (double)offset / ticks.Length, syncs, allocated, ticks.Length, seconds);
    }

    private static void Flush(Microsoft.Win32.SafeHandles.SafeFileHandle file, ReadOnlySpan<byte> bytes, ref long offset, ref long syncs)
    {
        RandomAccess.Write(file, bytes, offset);
        offset += bytes.Length;
        RandomAccess.FlushToDisk(file);
        syncs++;
    }

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string F2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
