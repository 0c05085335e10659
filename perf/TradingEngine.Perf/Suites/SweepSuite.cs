using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TradingEngine.Cli;
using TradingEngine.Hosting;
using TradingEngine.Cli.Sweep;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// The <c>sweep</c> suite (issue 27's bar): a 50-variant grid (ema_fast_5m.period 3..12 × ema_slow_5m.period 15..35 step 5)
/// over the SPY day 2013-10-08 through pipelines/us_equity.yaml, run by <see cref="SweepRunner"/> (one read of the
/// journal, variants in parallel on every core), against the same 50 variants as 50 sequential cold <c>te replay
/// --set …</c> processes, measured in the same run. Bar: sweep ≤ 0.35× the sequential time; every variant's hash equals
/// its replay's. Options: --variants N (a prefix of the grid, default 50), --rounds N (default 1).
/// </summary>
public sealed class SweepSuite : ISuite
{
    public string Name => "sweep";

    public string Description => "te sweep of 50 variants over the SPY day vs 50 sequential te replay processes (ratio, variants/s)";

    public int Run(SuiteOptions options)
    {
        var day = SpyData.Files(quick: false).FirstOrDefault(f => Path.GetFileName(f).StartsWith("20131008", StringComparison.Ordinal));
        if (day is null)
        {
            Console.WriteLine(SpyData.MissingMessage(Name));
            return 0;
        }
        var repo = RunEnvironment.RepositoryRoot();
        var te = Environment.GetEnvironmentVariable("TE_DLL") is { Length: > 0 } env ? env : Path.Combine(repo, "artifacts", "bin", "TradingEngine.Cli", "release", "te.dll");
        if (!File.Exists(te))
        {
            Console.WriteLine($"sweep suite: skipped, no te CLI at {te} (./run.sh build first, or set TE_DLL)");
            return 0;
        }
        var count = (int)options.Int("--variants", 50);
        var rounds = (int)options.Int("--rounds", 1);
        var root = Directory.CreateTempSubdirectory("te-perf-sweep-").FullName;
        try
        {
            var journal = Path.Combine(root, "spy");
            Import(day, journal);
            var specPath = Path.Combine(root, "sweep.yaml");
            File.WriteAllText(specPath, "parameters:\n  ema_fast_5m.period: [3..12]\n  ema_slow_5m.period: [15..35 step 5]\n");
            var spec = SweepSpec.Load(specPath);
            var variants = spec.Variants().Take(count).ToList();
            var pipeline = Path.Combine(repo, "pipelines", "us_equity.yaml");
            var instruments = Path.Combine(repo, EngineFactory.DefaultInstruments);
            Console.WriteLine($"# sweep suite: {variants.Count} variants over {Path.GetFileName(day)}, {rounds} round(s), {Environment.ProcessorCount} cpus, {RunEnvironment.CpuModel()}");
            var sweepSeconds = new List<double>();
            var sequentialSeconds = new List<double>();
            var ratios = new List<double>();
            var mismatches = 0;
            for (var round = 0; round < rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                var results = SweepRunner.RunWindow(new SweepOptions
                {
                    JournalDirectory = journal, Spec = spec, PipelinePath = pipeline, InstrumentsPath = instruments,
                }, [.. variants.Select((v, i) => (i, v))], null, null);
                var sweep = clock.Elapsed.TotalSeconds;
                clock.Restart();
                for (var i = 0; i < variants.Count; i++)
                {
                    var hash = ReplayProcess(te, journal, pipeline, instruments, variants[i], repo);
                    if (hash != results[i].Summary.HashText)
                    {
                        mismatches++;
                        Console.WriteLine($"  variant {i} ({string.Join(" ", variants[i])}): sweep {results[i].Summary.HashText}, te replay {hash}");
                    }
                }
                var sequential = clock.Elapsed.TotalSeconds;
                sweepSeconds.Add(sweep);
                sequentialSeconds.Add(sequential);
                ratios.Add(sweep / sequential);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round + 1}: sweep {sweep:F2} s ({variants.Count / sweep:F2} variants/s), {variants.Count} sequential te replay {sequential:F2} s ({variants.Count / sequential:F2} variants/s), ratio {sweep / sequential:F3}"));
            }
            var ratio = Stats.Median(ratios);
            var rate = variants.Count / Stats.Median(sweepSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sweep-50: {Stats.Median(sweepSeconds):F2} s median ({rate:F2} variants/s; min {sweepSeconds.Min():F2}, max {sweepSeconds.Max():F2})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sequential-replay-50: {Stats.Median(sequentialSeconds):F2} s median (min {sequentialSeconds.Min():F2}, max {sequentialSeconds.Max():F2})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio: {ratio:F3} (median of per-round sweep/sequential)"));
            var bars = new[]
            {
                (Name: "sweep <= 0.35x the sequential te replay runs", Met: ratio <= 0.35, Value: ratio),
                (Name: "every variant's hash equals its te replay's", Met: mismatches == 0, Value: (double)mismatches),
            };
            foreach (var bar in bars)
                Console.WriteLine($"# bar {(bar.Met ? "met   " : "MISSED")} {bar.Name}: {bar.Value.ToString("G6", CultureInfo.InvariantCulture)}");
            var path = options.ResultsPath(Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, JsonSerializer.Serialize(new
            {
                suite = Name,
                variants = variants.Count,
                cpus = Environment.ProcessorCount,
                sweep_seconds = sweepSeconds,
                sequential_seconds = sequentialSeconds,
                ratio,
                variants_per_second = rate,
                bars = bars.Select(b => new { b.Name, b.Met, b.Value }).ToArray(),
            }, new JsonSerializerOptions { WriteIndented = true }));
            return bars.All(b => b.Met) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Import(string file, string journal)
    {
        var symbols = new SymbolRegistry();
        using var writer = JournalWriter.Open(journal, symbols, new JournalWriterOptions { Fsync = JournalFsyncPolicy.None });
        Importer.Import([file], writer, symbols, new ImportOptions { Format = ImportFormat.LeanEquityTrades });
    }

    /// <summary>One cold <c>te replay --journal … --set …</c> process; returns the hash it printed.</summary>
    private static string ReplayProcess(string te, string journal, string pipeline, string instruments, IReadOnlyList<Engine.Pipelines.ParameterOverride> sets, string repo)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo };
        foreach (var a in new[] { te, "replay", "--journal", journal, "--pipeline", pipeline, "--instruments", instruments })
            start.ArgumentList.Add(a);
        foreach (var s in sets)
        {
            start.ArgumentList.Add("--set");
            start.ArgumentList.Add(s.ToString());
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("output hash: ", StringComparison.Ordinal));
        return line is null ? $"(exit {process.ExitCode}, no hash)" : line["output hash: ".Length..].Trim();
    }
}
