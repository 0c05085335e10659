using TradingEngine.Hosting;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TradingEngine.Cli;
using TradingEngine.Engine.Aggregation;
using TradingEngine.Engine.Runtime;
using TradingEngine.Engine.Simulation;
using TradingEngine.Perf.Ring;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// The <c>pipeline</c> suite: the live topology of one executor on the default synthetic ES session, through
/// pipelines/es_futures.yaml and perf/pipelines/bench.yaml.
/// <list type="number">
/// <item>Latency at a paced rate: a tick enters the input ring (stamped at publish) → executor
/// (<see cref="ExecutorRingHandler{TSink}"/> with <see cref="OutputRingSink"/>) → output ring → a recording consumer;
/// HdrHistogram of publish → first output of that event consumed. Beside it the same executor between two bounded
/// <c>Channel&lt;T&gt;</c>s.</item>
/// <item>Throughput by topology, alternated per pair (memory, ring, ring + journaler, channel): the executor alone
/// fed from memory (<see cref="InMemoryDriver{TSink}"/>, batches of 256 like <c>te replay</c>); input ring → executor →
/// output ring → consumer; the same with the <see cref="TradingEngine.Journal.Journaler"/> in parallel on the input
/// ring (default writer options: fsync per ring batch); and the channel baseline. Ratios ring/channel per pair.</item>
/// </list>
/// Options: --quick, --pairs N, --ticks N (synthetic trades per run), --latency-events N, --interval-ns N (pace,
/// default 20000), --pipeline FILE (instead of the two), --out FILE. <c>--memory-only</c> runs only the from-memory
/// throughput (one line per pipeline; perf/paired.sh compares two builds with it). <c>--breakdown [--rounds N]</c> runs only the cost of each node
/// by removal (PipelineSuite.Breakdown.cs) into <c>pipeline-breakdown.json</c>. <c>--metrics-overhead [--pairs N]</c>
/// runs only the ring topology with te run's metrics sampling off and on, alternated (PipelineSuite.Metrics.cs).
/// </summary>
public sealed partial class PipelineSuite : ISuite
{
    private const int RingSize = 65536;
    private const int BatchSize = 256;

    public string Name => "pipeline";

    public string Description => "tick in -> output out: input ring, executor, output ring (latency, throughput by topology) vs Channel<T>";

    public int Run(SuiteOptions options)
    {
        var quick = options.Quick;
        var pairs = (int)options.Int("--pairs", quick ? 3 : 7);
        var ticks = (int)options.Int("--ticks", quick ? 200_000 : 1_000_000);
        var latencyEvents = (int)options.Int("--latency-events", quick ? 100_000 : 500_000);
        var interval = TimeSpan.FromMicroseconds(options.Int("--interval-ns", 20_000) / 1000.0);
        // --latency-samples N: each pipeline's latency runs are sized so that the pooled histograms hold N samples per side
        var latencySamples = options.Int("--latency-samples", 0);
        var repo = RunEnvironment.RepositoryRoot();
        var instruments = Path.Combine(repo, EngineFactory.DefaultInstruments);
        var paths = options.Value("--pipeline") is { } one
            ? [Path.GetFullPath(one)]
            : new[] { Path.Combine(repo, "pipelines", "es_futures.yaml"), Path.Combine(repo, "perf", "pipelines", "bench.yaml") };
        var clock = Stopwatch.StartNew();
        Threads = RingThreads.From(options, repo);
        if (options.Has("--stages"))
            return RunStages(options, paths, instruments, ticks, repo, clock, interval);
        if (options.Has("--memory-only"))
            return RunMemoryOnly(paths, instruments, ticks, pairs, repo);
        if (options.Has("--breakdown"))
            return RunBreakdown(options, paths, instruments, ticks, repo, clock);
        if (options.Has("--metrics-overhead"))
            return RunMetricsOverhead(options, paths, instruments, ticks, repo, clock);
        var journalRoot = Directory.CreateTempSubdirectory("te-perf-pipeline-").FullName;
        Console.WriteLine($"# pipeline suite ({(quick ? "quick" : "full")}): synthetic ES session of {ticks:N0} trades per run, {pairs} pairs, " +
            $"latency {latencyEvents:N0} events every {interval.TotalMicroseconds:F0} us in {pairs} alternated pairs, rings {RingSize}, threads {Threads.Describe()}, {Environment.ProcessorCount} cpus, {RunEnvironment.CpuModel()}, load {RunEnvironment.LoadAverage()}");
        try
        {
            var results = new List<object>();
            var summaries = new List<string>();
            foreach (var path in paths)
            {
                var w = Workload.Create(path, instruments, ticks, repo);
                Console.WriteLine($"## {w.Name}: {w.Events.Length:N0} events ({w.Ticks:N0} trades, the rest heartbeats)");
                var journalDir = Path.Combine(journalRoot, w.Name.Replace('/', '_'));

                // Warm-up: JIT tiers of every path before anything is recorded. The from-memory runs are short (a quick
                // run's 200k trades take ~30 ms) and the runtime holds tiering back while other code is compiled, so
                // each of them is repeated for half a second at least: a quick run once timed unoptimised code.
                WarmUp(() => MemoryRun(w));
                RingRun(w, null);
                RingRun(w, journalDir + "-warm");
                ChannelRun(w);

                // bench.yaml has a hand-written twin (PipelineSuite.HandWritten.cs): the in-run baseline of the
                // from-memory figure, checked output for output against the engine before it is timed
                var handWritten = w.Name == HandWrittenPipeline;
                if (handWritten)
                {
                    var differences = HandWrittenDifferences(w);
                    Console.WriteLine(differences.Count == 0
                        ? "  hand-written baseline: every output equals the engine's after the whole session (bit for bit)"
                        : $"  hand-written baseline DIFFERS from the engine ({differences.Count}): {string.Join("; ", differences.Take(8))}");
                    WarmUp(() => HandWrittenRun(w));
                    WarmUp(() => MemoryRun(w));
                }

                var memory = new List<TopologyRun>();
                var ring = new List<TopologyRun>();
                var journaled = new List<TopologyRun>();
                var channel = new List<TopologyRun>();
                var hand = new List<TopologyRun>();
                var handRatios = new List<double>();
                var ratios = new List<double>();
                for (var p = 0; p < pairs; p++)
                {
                    var m = MemoryRun(w);
                    if (handWritten)
                    {
                        var h = HandWrittenRun(w);
                        hand.Add(h);
                        handRatios.Add(m.TicksPerSecond / h.TicksPerSecond);
                        Console.WriteLine($"  pair {p + 1}: memory {Rate(m.TicksPerSecond)} ticks/s, hand-written {Rate(h.TicksPerSecond)} ticks/s; engine/hand-written {F2(m.TicksPerSecond / h.TicksPerSecond)}");
                    }
                    var r = RingRun(w, null);
                    var j = RingRun(w, $"{journalDir}-{p}");
                    var c = ChannelRun(w);
                    memory.Add(m);
                    ring.Add(r);
                    journaled.Add(j);
                    channel.Add(c);
                    ratios.Add(r.EventsPerSecond / c.EventsPerSecond);
                    Console.WriteLine($"  pair {p + 1}: memory {Rate(m.EventsPerSecond)}, ring {Rate(r.EventsPerSecond)}, ring+journal {Rate(j.EventsPerSecond)}, " +
                        $"channel {Rate(c.EventsPerSecond)} events/s; ring/channel {F2(r.EventsPerSecond / c.EventsPerSecond)}");
                }

                var counts = new[] { memory, ring, journaled, channel }.SelectMany(runs => runs).Select(r => r.Outputs).Distinct().Count();
                Console.WriteLine($"  outputs per run: from memory {memory[0].Outputs:N0}, ring {ring[0].Outputs:N0}, ring+journal {journaled[0].Outputs:N0}, " +
                    $"channel {channel[0].Outputs:N0} ({(counts == 1 ? "equal in every run" : "NOT EQUAL: a topology lost or added outputs")}); " +
                    $"executor failures {memory.Concat(ring).Concat(journaled).Concat(channel).Sum(r => r.Failures)}");
                // latency in alternated pairs too (ring, channel), the events split between them: the median of the per-run
                // p50s is the bar's figure, the pooled histograms give the tails
                var perRun = Math.Max(1_000, latencyEvents / pairs);
                var lw = w;
                if (latencySamples > 0)
                    (lw, perRun) = SizeLatencyRuns(w, perRun, latencySamples, pairs, interval, instruments, repo);
                var ringHistogram = new HdrHistogram.LongHistogram(HighestTrackableNanos, 3);
                var channelHistogram = new HdrHistogram.LongHistogram(HighestTrackableNanos, 3);
                var latencyPairs = new List<(LatencySummary Ring, LatencySummary Channel)>();
                for (var p = 0; p < pairs; p++)
                {
                    var lr = RingLatency(lw, perRun, interval, ringHistogram);
                    var lc = ChannelLatency(lw, perRun, interval, channelHistogram);
                    latencyPairs.Add((lr, lc));
                    Console.WriteLine($"  latency pair {p + 1} (load {RunEnvironment.LoadAverage()}): ring p50 {lr.P50} p99 {lr.P99} (n={lr.Count}), channel p50 {lc.P50} p99 {lc.P99} (n={lc.Count}) ns");
                }
                var latencyRing = LatencySummary.From($"{w.Name} ring", ringHistogram);
                var latencyChannel = LatencySummary.From($"{w.Name} channel", channelHistogram);
                var ringP50 = Stats.Median(latencyPairs.Select(l => (double)l.Ring.P50).ToList());
                var channelP50 = Stats.Median(latencyPairs.Select(l => (double)l.Channel.P50).ToList());
                var memoryAllocated = Stats.Median(memory.Select(r => (double)r.AllocatedBytes / r.Events).ToList());
                var steadyAllocated = Stats.Median(memory.Select(r => (double)r.SteadyAllocatedBytes / (r.Events - BatchSize)).ToList());
                var memoryTicks = Stats.Median(memory.Select(r => r.TicksPerSecond).ToList());

                var lines = new[]
                {
                    $"{w.Name} executor-from-memory: {Rate(Median(memory))} events/s = {Rate(memoryTicks)} ticks/s (best {Rate(memory.Max(r => r.TicksPerSecond))}); " +
                    $"{memoryAllocated.ToString("F4", CultureInfo.InvariantCulture)} B/event whole run, {steadyAllocated.ToString("F4", CultureInfo.InvariantCulture)} B/event after the first batch (whole process)",
                    $"{w.Name} ring->executor->ring: {Rate(Median(ring))} events/s",
                    $"{w.Name} ring->executor->ring + journaler: {Rate(Median(journaled))} events/s",
                    $"{w.Name} channel->executor->channel: {Rate(Median(channel))} events/s",
                    $"{w.Name} ratio ring/channel: {F2(Stats.Median(ratios))} (median of per-pair ratios)",
                    $"{w.Name} latency-ring (ns): {Percentiles(latencyRing)}",
                    $"{w.Name} latency-channel (ns): {Percentiles(latencyChannel)}",
                    $"{w.Name} latency p50 median of {pairs} alternated pairs (ns): ring {ringP50:F0}, channel {channelP50:F0}; ring/channel {F2(ringP50 / channelP50)} " +
                    $"(per pair ring {string.Join(' ', latencyPairs.Select(l => l.Ring.P50))}; channel {string.Join(' ', latencyPairs.Select(l => l.Channel.P50))})",
                };
                if (handWritten)
                {
                    lines = [.. lines, $"{w.Name} hand-written baseline from memory: {Rate(Stats.Median(hand.Select(r => r.TicksPerSecond).ToList()))} ticks/s " +
                        $"(best {Rate(hand.Max(r => r.TicksPerSecond))}); engine/hand-written {F2(Stats.Median(handRatios))} (median of per-pair ratios, {F2(handRatios.Min())}–{F2(handRatios.Max())})"];
                }
                summaries.AddRange(lines);
                foreach (var line in lines)
                    Console.WriteLine(line);
                results.Add(new
                {
                    pipeline = w.Name,
                    events = w.Events.Length,
                    trades = w.Ticks,
                    outputsPerRun = memory[0].Outputs,
                    throughput = new
                    {
                        memory,
                        ring,
                        ringWithJournaler = journaled,
                        channel,
                        ratiosRingOverChannel = ratios,
                        memoryMedian = Median(memory),
                        ringMedian = Median(ring),
                        ringWithJournalerMedian = Median(journaled),
                        channelMedian = Median(channel),
                        ratioMedian = Stats.Median(ratios),
                        memoryAllocatedBytesPerEvent = memoryAllocated,
                        memorySteadyAllocatedBytesPerEvent = steadyAllocated,
                        memoryTicksPerSecondMedian = memoryTicks,
                        handWritten = hand,
                        ratiosEngineOverHandWritten = handRatios,
                        handWrittenTicksPerSecondMedian = hand.Count == 0 ? 0 : Stats.Median(hand.Select(r => r.TicksPerSecond).ToList()),
                    },
                    latencyNs = new[] { latencyRing, latencyChannel },
                    latencyPairs = latencyPairs.Select(l => new[] { l.Ring, l.Channel }).ToList(),
                    latencyP50MedianNs = new { ring = ringP50, channel = channelP50 },
                });
            }

            Console.WriteLine("# summary");
            foreach (var line in summaries)
                Console.WriteLine(line);
            var resultsPath = options.ResultsPath(Name);
            Directory.CreateDirectory(Path.GetDirectoryName(resultsPath)!);
            var result = new
            {
                suite = Name,
                mode = quick ? "quick" : "full",
                environment = RunEnvironment.Describe(),
                config = new
                {
                    input = "SyntheticSession (default options, ES) with TickCount trades, events pre-generated into an array",
                    ticksPerRun = ticks,
                    pairs,
                    ringSize = RingSize,
                    threads = Threads.Describe(),
                    memoryBatch = BatchSize,
                    handWritten = "perf/pipelines/bench.yaml only: the same aggregator, cores and per-node rules in one method (PipelineSuite.HandWritten.cs), every output checked equal to the engine's before timing; alternated with the memory run, ratio = engine / hand-written ticks/s per pair",
                    journaler = "Journaler on the input ring in parallel with the executor, JournalWriter default options (1 MiB frames, fsync per ring batch)",
                    channel = "Channel.CreateBounded(65536, SingleReader, SingleWriter, Wait) in and out; the executor in a WaitToReadAsync/TryRead task, outputs TryWrite (blocking wait when full), a drain task",
                    latency = "pairs alternated (ring, channel), latencyEvents split between them; one event every interval; stamp at input publish; recorded at the output consumer for the first output of each event (messages by source sequence, candles by the first event at or after their close time); warm-up: first 10% of each run's events",
                    latencyEvents,
                    latencySamples,
                    latencyIntervalNs = interval.TotalNanoseconds,
                },
                pipelines = results,
                elapsedSeconds = clock.Elapsed.TotalSeconds,
            };
            File.WriteAllText(resultsPath, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Console.WriteLine($"# suite time {clock.Elapsed.TotalSeconds:F1} s; results written to {resultsPath}");
            return 0;
        }
        finally
        {
            Directory.Delete(journalRoot, recursive: true);
        }
    }

    /// <summary>
    /// <c>--memory-only</c>: only the executor-from-memory runs, one line per pipeline with the median events/s and the
    /// allocation after the first batch. perf/paired.sh runs it in two builds, alternated, to compare two commits.
    /// </summary>
    private int RunMemoryOnly(string[] paths, string instruments, int ticks, int pairs, string repo)
    {
        foreach (var path in paths)
        {
            var w = Workload.Create(path, instruments, ticks, repo);
            WarmUp(() => MemoryRun(w));
            var memory = new List<TopologyRun>();
            for (var p = 0; p < pairs; p++)
                memory.Add(MemoryRun(w));
            var steady = Stats.Median(memory.Select(r => (double)r.SteadyAllocatedBytes / (r.Events - BatchSize)).ToList());
            // the best run beside the median: on a shared machine other work only ever slows a run down
            Console.WriteLine($"memory-only {w.Name} events/s {Median(memory).ToString("F0", CultureInfo.InvariantCulture)} " +
                $"best {memory.Max(r => r.EventsPerSecond).ToString("F0", CultureInfo.InvariantCulture)} steady-B/event {steady.ToString("F4", CultureInfo.InvariantCulture)} outputs {memory[0].Outputs} failures {memory.Sum(r => r.Failures)}");
        }
        return 0;
    }

    private static void WarmUp(Func<TopologyRun> run)
    {
        var clock = Stopwatch.StartNew();
        for (var runs = 0; runs < 3 || clock.Elapsed < TimeSpan.FromMilliseconds(500); runs++)
            run();
    }

    private int RunBreakdown(SuiteOptions options, string[] paths, string instruments, int ticks, string repo, Stopwatch clock)
    {
        var rounds = (int)options.Int("--rounds", options.Quick ? 5 : 11);
        Console.WriteLine($"# pipeline suite, breakdown: synthetic ES session of {ticks:N0} trades, {rounds} rounds, {Environment.ProcessorCount} cpus, {RunEnvironment.CpuModel()}");
        var results = paths.Select(path => Breakdown(Workload.Create(path, instruments, ticks, repo), rounds)).ToList();
        var resultsPath = options.ResultsPath(Name + "-breakdown");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(resultsPath)!);
        File.WriteAllText(resultsPath, JsonSerializer.Serialize(new
        {
            suite = Name + " --breakdown",
            environment = RunEnvironment.Describe(),
            config = new
            {
                input = "SyntheticSession (default options, ES), events pre-generated into an array, fed in batches of 256 (InMemoryDriver)",
                ticksPerRun = ticks,
                rounds,
                method = "per round, for each variant (without one node and its dependents; without any node) a run of the full pipeline then one of the variant; round 0 is warm-up; cost = median over rounds of (full - variant), wall clock per trade",
            },
            pipelines = results,
            elapsedSeconds = clock.Elapsed.TotalSeconds,
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"# suite time {clock.Elapsed.TotalSeconds:F1} s; results written to {resultsPath}");
        return 0;
    }

    /// <summary>One throughput run: events/s, outputs seen by the consumer, bytes allocated by the whole process.</summary>
    private sealed record TopologyRun(double EventsPerSecond, long Events, long Outputs, long AllocatedBytes, long Failures)
    {
        /// <summary>Trades per second (the executor-from-memory run; 0 elsewhere): the issue's bar is in ticks, heartbeats excluded.</summary>
        public double TicksPerSecond { get; init; }

        /// <summary>Bytes the whole process allocated after the first batch (the executor-from-memory run).</summary>
        public long SteadyAllocatedBytes { get; init; }

        /// <summary>Events per second of the measuring thread's CPU time (the metrics suite's one-thread handler run; 0 elsewhere).</summary>
        public double CpuEventsPerSecond { get; init; }
    }

    private static double Median(List<TopologyRun> runs) => Stats.Median(runs.Select(r => r.EventsPerSecond).ToList());

    private static string Percentiles(LatencySummary l) => $"p50 {l.P50} p90 {l.P90} p99 {l.P99} p99.9 {l.P999} max {l.Max} (n={l.Count})";

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string F2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>The pre-generated session and how to build a fresh executor for it (state must start empty every run).</summary>
    private sealed class Workload
    {
        private readonly string _path;
        private readonly string _instruments;

        private Workload(string name, string path, string instruments, SymbolRegistry symbols, MarketEvent[] events, long[] times, long ticks, Instrument instrument, CandleAggregator aggregation)
        {
            Aggregation = aggregation;
            Name = name;
            Instrument = instrument;
            _path = path;
            _instruments = instruments;
            Symbols = symbols;
            Events = events;
            Times = times;
            Ticks = ticks;
        }

        public string Name { get; }
        public SymbolRegistry Symbols { get; }

        /// <summary>The pipeline file.</summary>
        public string Path => _path;

        /// <summary>The synthetic session's instrument (ES).</summary>
        public Instrument Instrument { get; }

        /// <summary>The aggregation an executor of this pipeline builds (timeframes, calendar, precisions), as a template.</summary>
        public CandleAggregator Aggregation { get; }
        public MarketEvent[] Events { get; }

        /// <summary>Event time of each event (index = source sequence − 1), to find the event that closed a candle.</summary>
        public long[] Times { get; }

        public long Ticks { get; }

        public SymbolExecutor NewExecutor() => EngineFactory.CreateExecutor(_path, _instruments, ["ES"], Symbols).Executor;

        public static Workload Create(string path, string instruments, int ticks, string repo)
        {
            var symbols = new SymbolRegistry();
            var (executor, _, registry) = EngineFactory.CreateExecutor(path, instruments, ["ES"], symbols);
            var session = new SyntheticSession(new SyntheticSessionOptions { TickCount = ticks }, registry["ES"].Id);
            var events = new List<MarketEvent>(ticks + ticks / 4);
            long trades = 0;
            while (session.TryNext(out var e))
            {
                if (e.SourceSequence != events.Count + 1)
                    throw new InvalidOperationException($"synthetic event {events.Count} has source sequence {e.SourceSequence}; the latency recorder indexes events by sequence − 1");
                if (e.Kind == MarketEventKind.Tick)
                    trades++;
                events.Add(e);
            }
            var array = events.ToArray();
            return new Workload(System.IO.Path.GetRelativePath(repo, path), path, instruments, symbols, array, array.Select(e => e.EventTime).ToArray(), trades, registry["ES"], executor.Pipelines[0].Aggregator);
        }
    }
}
