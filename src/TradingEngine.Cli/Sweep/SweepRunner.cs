using TradingEngine.Hosting;
using System.Diagnostics;
using TradingEngine.Hosting.Replay;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Journal;
using TradingEngine.Types;

namespace TradingEngine.Cli.Sweep;

/// <summary>
/// Runs every variant of a <see cref="SweepSpec"/> over a journal: the journal is read and decoded once per window, in
/// chunks of <see cref="ChunkEvents"/> events, and each chunk is fanned out to the variants' executors in parallel
/// (one variant per core at a time). Each variant is exactly a <c>te replay --journal … --set …</c>: same executor,
/// same batches of <see cref="ReplayBatch"/> events, same output hash. Memory: one chunk plus each variant's state.
/// </summary>
internal static class SweepRunner
{
    /// <summary>The batch size <c>te replay</c> feeds its executor with (kept equal so outputs and hashes match).</summary>
    public const int ReplayBatch = 256;

    /// <summary>Events decoded at once and shared by every variant (a multiple of <see cref="ReplayBatch"/>).</summary>
    public const int ChunkEvents = ReplayBatch * 64;

    public static SweepReport Run(SweepOptions options, TextWriter? log = null)
    {
        var variants = options.Spec.Variants();
        var stopwatch = Stopwatch.StartNew();
        if (options.WalkForward <= 0)
        {
            var all = RunWindow(options, [.. variants.Select((v, i) => (i, v))], options.From, options.To);
            return new SweepReport(options.Spec, all, [], [], stopwatch.Elapsed);
        }
        var (first, last) = TimeSpanOf(options);
        var folds = options.WalkForward;
        var span = (last + 1 - first) / (folds + 1);
        if (span <= 0)
            throw new ArgumentException($"--walk-forward {folds}: the window holds too little time to cut into {folds + 1} spans");
        long Edge(int k) => k == folds + 1 ? last + 1 : first + (k * span);
        var inSample = new List<SweepVariantResult>();
        var outOfSample = new List<SweepVariantResult>();
        var folding = new List<SweepFold>();
        for (var k = 0; k < folds; k++)
        {
            var train = RunWindow(options, [.. variants.Select((v, i) => (i, v))], Edge(k), Edge(k + 1));
            var best = train.OrderByDescending(r => r.Score(options.Spec.Metric)).ThenBy(r => r.Index).First();
            var test = RunWindow(options, [(best.Index, best.Parameters)], Edge(k + 1), Edge(k + 2));
            inSample.AddRange(train);
            outOfSample.AddRange(test);
            folding.Add(new SweepFold(k, Edge(k), Edge(k + 1), Edge(k + 2), best, test[0]));
            log?.WriteLine($"fold {k}: optimised on [{UtcNanos.ToIso8601(Edge(k))}, {UtcNanos.ToIso8601(Edge(k + 1))}) -> {best.Name} {best.ParameterText}; " +
                           $"out of sample [{UtcNanos.ToIso8601(Edge(k + 1))}, {UtcNanos.ToIso8601(Edge(k + 2))}): {options.Spec.Metric} {test[0].Score(options.Spec.Metric):F2}");
        }
        return new SweepReport(options.Spec, inSample, outOfSample, folding, stopwatch.Elapsed);
    }

    /// <summary>Runs <paramref name="variants"/> over events with time in [from, to): one read of the journal for all of them.</summary>
    public static IReadOnlyList<SweepVariantResult> RunWindow(SweepOptions options, IReadOnlyList<(int Index, IReadOnlyList<ParameterOverride> Parameters)> variants,
        long? from, long? to)
    {
        var directory = options.JournalDirectory;
        if (!Directory.Exists(directory))
            throw new ArgumentException($"--journal {directory}: no such directory");
        var symbols = new SymbolRegistry();
        var journalSymbols = ReplayRunner.JournalSymbols(directory);
        // the reader first, then the executors: symbols get the ids they get in te replay, so hashes compare
        using var reader = new JournalReader(directory, symbols);
        var names = ReplayRunner.SelectSymbols(options.Symbols, journalSymbols, directory);
        var runs = variants.Select(v => new SweepVariantRun(v.Index, v.Parameters, options, names, symbols)).ToList();
        try
        {
            var chunk = new MarketEvent[ChunkEvents];
            var lo = from ?? long.MinValue;
            var hi = to ?? long.MaxValue;
            var tally = new InputTally();
            long skipped = 0;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount };
            var stopwatch = Stopwatch.StartNew();
            while (true)
            {
                var n = 0;
                while (n < chunk.Length && reader.TryRead(out var e))
                {
                    var t = e.EventTime;
                    if (t < lo || t >= hi)
                    {
                        skipped++;
                        continue;
                    }
                    chunk[n++] = e;
                    tally.Add(in e);
                }
                if (n == 0)
                    break;
                var count = n;
                Parallel.For(0, runs.Count, parallel, i => runs[i].Feed(chunk.AsSpan(0, count), ReplayBatch));
                if (count < chunk.Length)
                    break;
            }
            if (reader.Damage is { } damage)
                throw new JournalDamagedException($"journal damage: {damage}; the sweep stopped there ({reader.EventsRead} events read). `te journal verify {directory}` lists every bad frame", damage);
            var shared = tally.Into(new ReplaySummary
            {
                Input = $"journal {directory} ({string.Join(", ", names)}) through {options.PipelinePath ?? "the registry's default pipeline"}",
                Skipped = skipped,
            });
            var results = new SweepVariantResult[runs.Count];
            Parallel.For(0, runs.Count, parallel, i => results[i] = runs[i].Finish(shared));
            stopwatch.Stop();
            return [.. results.Select(r => r with { Summary = r.Summary with { Elapsed = stopwatch.Elapsed } })];
        }
        finally
        {
            foreach (var run in runs)
                run.Dispose();
        }
    }

    /// <summary>First and last event time of the journal inside the options' window (one read, for walk-forward spans).</summary>
    private static (long First, long Last) TimeSpanOf(SweepOptions options)
    {
        using var reader = new JournalReader(options.JournalDirectory);
        long first = long.MaxValue, last = long.MinValue;
        var lo = options.From ?? long.MinValue;
        var hi = options.To ?? long.MaxValue;
        while (reader.TryRead(out var e))
        {
            if (e.EventTime < lo || e.EventTime >= hi || e.Kind == MarketEventKind.Gap)
                continue;
            first = Math.Min(first, e.EventTime);
            last = Math.Max(last, e.EventTime);
        }
        if (first > last)
            throw new ArgumentException($"journal {options.JournalDirectory} holds no events in the window");
        return (first, last);
    }
}
