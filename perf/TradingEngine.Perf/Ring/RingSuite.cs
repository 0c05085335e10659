using System.Globalization;
using System.Text.Json;

namespace TradingEngine.Perf.Ring;

/// <summary>
/// The <c>ring</c> suite: 1P→1C throughput of our ring vs a bounded channel, alternated in one process
/// (A, B, A, B …) so both see the same machine mode, with medians and per-pair ratios; best-of runs of 50M
/// busy-spin events; one-way latency histograms at one event every 2 µs. Writes ring.json (SuiteOptions.ResultsPath).
/// Options: --quick, --pairs N, --runs N, --events N, --publish-batch N, --budget-seconds N, --latency-interval-ns N (default 2000), --pin (producer on CPU 0, consumer on CPU 1), --out FILE.
/// </summary>
public sealed class RingSuite : ISuite
{
    public string Name => "ring";

    public string Description => "LMAX ring 1P->1C throughput and latency vs bounded System.Threading.Channels";

    public int Run(SuiteOptions options)
    {
        var quick = options.Quick;
        var pairs = (int)options.Int("--pairs", quick ? 5 : 11);
        var bestRuns = (int)options.Int("--runs", quick ? 5 : 10);
        var ringEvents = options.Int("--events", quick ? 20_000_000 : 50_000_000);
        var channelEvents = Math.Max(1_000_000, ringEvents / 10);
        const long BestOfEvents = 50_000_000;
        var publishBatch = (int)options.Int("--publish-batch", 1);
        var latencyEvents = quick ? 100_000 : 1_000_000;
        var latencyWarmup = quick ? 20_000 : 100_000;
        // --quick must finish in under a minute even in the VM's slow mode: best-of runs stop once this is spent.
        var budget = TimeSpan.FromSeconds(options.Int("--budget-seconds", quick ? 20 : 600));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var interval = TimeSpan.FromMicroseconds(options.Int("--latency-interval-ns", 2000) / 1000.0);
        var pin = options.Has("--pin");
        if (pin)
            TradingEngine.Ring.ThreadAffinity.PinCurrentThread(0);

        Console.WriteLine($"# ring suite ({(quick ? "quick" : "full")}): {pairs} pairs, ring {ringEvents:N0} / channel {channelEvents:N0} events per run, " +
            $"best of {bestRuns} x {BestOfEvents:N0}, publish batch {publishBatch}, pinned {pin}, {Environment.ProcessorCount} cpus, {RunEnvironment.CpuModel()}");

        // Warm-up: JIT tiers (OSR, PGO) for both sides before anything is recorded.
        ThroughputRuns.Ring("busyspin", 5_000_000, publishBatch, pin);
        ThroughputRuns.Ring("yielding", 5_000_000, publishBatch, pin);
        // Allocation check before any channel run: the channel baseline wakes the thread pool, whose own
        // housekeeping (thread injection under load) would otherwise be counted against the ring.
        var allocationRun = ThroughputRuns.Ring("yielding", 10_000_000, publishBatch, pin);
        ThroughputRuns.Channel(1_000_000);

        var busy = RunPairs("busyspin", pairs, ringEvents, channelEvents, publishBatch, pin);
        var yielding = RunPairs("yielding", pairs, ringEvents, channelEvents, publishBatch, pin);

        var best = new List<ThroughputRuns.Run>();
        for (var i = 0; i < bestRuns; i++)
        {
            if (i > 0 && clock.Elapsed > budget)
            {
                Console.WriteLine($"  best-of: time budget of {budget.TotalSeconds:F0} s spent after {i} runs (slow mode); the rest skipped");
                break;
            }
            var run = ThroughputRuns.Ring("busyspin", BestOfEvents, publishBatch, pin);
            best.Add(run);
            Console.WriteLine($"  best-of run {i + 1}: ring busy-spin {Rate(run.EventsPerSecond)} events/s");
        }

        var latencies = new List<LatencySummary>
        {
            LatencyRuns.Ring("busyspin", latencyEvents, latencyWarmup, interval, pin),
            LatencyRuns.Ring("yielding", latencyEvents, latencyWarmup, interval, pin),
            LatencyRuns.Channel(latencyEvents, latencyWarmup, interval),
        };

        var allRingRuns = busy.Ring.Concat(yielding.Ring).Concat(best).ToList();
        var bytesPerEvent = (double)allocationRun.AllocatedBytes / allocationRun.Events;
        var cleanRuns = allRingRuns.Count(r => r.AllocatedBytes == 0);
        var bestRate = best.Max(r => r.EventsPerSecond);

        Console.WriteLine($"ring-1p1c-busyspin: {Rate(busy.RingMedian)}");
        Console.WriteLine($"channels-1p1c: {Rate(busy.ChannelMedian)}");
        Console.WriteLine($"ratio: {busy.RatioMedian.ToString("F2", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"ring-1p1c-yielding: {Rate(yielding.RingMedian)}");
        Console.WriteLine($"channels-1p1c-yielding-pairs: {Rate(yielding.ChannelMedian)}");
        Console.WriteLine($"ratio-yielding: {yielding.RatioMedian.ToString("F2", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"ring-1p1c-busyspin-best-of-{best.Count}x50M: {Rate(bestRate)}");
        Console.WriteLine($"ring-bytes-per-event: {bytesPerEvent.ToString("F4", CultureInfo.InvariantCulture)} " +
            $"({allocationRun.AllocatedBytes} B over {allocationRun.Events:N0} events, whole process; {cleanRuns} of {allRingRuns.Count} later ring runs allocated 0 B " +
            "while the thread pool was awake)");
        foreach (var l in latencies)
            Console.WriteLine($"latency-{l.Name} (ns): p50 {l.P50} p90 {l.P90} p99 {l.P99} p99.9 {l.P999} max {l.Max} (n={l.Count})");

        var bars = new[]
        {
            Bar("busy-spin >= 10x channel (median of per-pair ratios)", busy.RatioMedian >= 10, busy.RatioMedian),
            Bar($"busy-spin >= 120M events/s (best of {best.Count} runs of 50M)", bestRate >= 120e6 && best.Count >= 5, bestRate),
            Bar("yielding >= 4x channel (median of per-pair ratios)", yielding.RatioMedian >= 4, yielding.RatioMedian),
            Bar("busy-spin one-way p50 <= 400 ns", latencies[0].P50 <= 400, latencies[0].P50),
            Bar("yielding one-way p50 <= 700 ns", latencies[1].P50 <= 700, latencies[1].P50),
            Bar("0 B/event", bytesPerEvent == 0, bytesPerEvent),
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
                ringSize = ThroughputRuns.RingSize,
                eventBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<PerfEvent>(),
                pairs,
                ringEventsPerRun = ringEvents,
                channelEventsPerRun = channelEvents,
                bestOfRuns = bestRuns,
                bestOfEvents = BestOfEvents,
                publishBatch,
                pinned = pin,
                latencyIntervalNs = interval.TotalNanoseconds,
                latencyEvents,
                latencyWarmup,
                channel = "Channel.CreateBounded(65536, SingleReader, SingleWriter, FullMode.Wait); async WaitToReadAsync/TryRead consumer",
            },
            throughput = new { busyspin = busy.ToJson(), yielding = yielding.ToJson() },
            elapsedSeconds = clock.Elapsed.TotalSeconds,
            bestOf = new { events = BestOfEvents, requestedRuns = bestRuns, runs = best.Select(r => r.EventsPerSecond).ToArray(), best = bestRate },
            latencyNs = latencies,
            bytesPerEvent,
            allocationRun = new { events = allocationRun.Events, allocatedBytes = allocationRun.AllocatedBytes },
            ringRunsWithZeroBytes = cleanRuns,
            ringRuns = allRingRuns.Count,
            bars = bars.Select(b => new { b.Name, b.Met, b.Value }).ToArray(),
        };
        Console.WriteLine($"# suite time {clock.Elapsed.TotalSeconds:F1} s");
        File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"# results written to {path}");
        return 0;
    }

    private static PairSeries RunPairs(string wait, int pairs, long ringEvents, long channelEvents, int publishBatch, bool pin)
    {
        var series = new PairSeries(wait);
        for (var i = 0; i < pairs; i++)
        {
            var ours = ThroughputRuns.Ring(wait, ringEvents, publishBatch, pin);
            var baseline = ThroughputRuns.Channel(channelEvents);
            series.Add(ours, baseline);
            Console.WriteLine($"  pair {i + 1} {wait}: ring {Rate(ours.EventsPerSecond)} channel {Rate(baseline.EventsPerSecond)} " +
                $"ratio {(ours.EventsPerSecond / baseline.EventsPerSecond).ToString("F2", CultureInfo.InvariantCulture)}");
        }
        return series;
    }

    private static string Rate(double eventsPerSecond) => eventsPerSecond.ToString("F0", CultureInfo.InvariantCulture);

    private static (string Name, bool Met, double Value) Bar(string name, bool met, double value) => (name, met, value);

    /// <summary>Alternated runs of one wait strategy against the channel.</summary>
    private sealed class PairSeries(string wait)
    {
        public List<ThroughputRuns.Run> Ring { get; } = [];
        public List<ThroughputRuns.Run> Channel { get; } = [];
        public List<double> Ratios { get; } = [];

        public double RingMedian => Stats.Median(Ring.Select(r => r.EventsPerSecond).ToList());
        public double ChannelMedian => Stats.Median(Channel.Select(r => r.EventsPerSecond).ToList());
        public double RatioMedian => Stats.Median(Ratios);

        public void Add(ThroughputRuns.Run ours, ThroughputRuns.Run baseline)
        {
            Ring.Add(ours);
            Channel.Add(baseline);
            Ratios.Add(ours.EventsPerSecond / baseline.EventsPerSecond);
        }

        public object ToJson() => new
        {
            wait,
            ring = Ring.Select(r => r.EventsPerSecond).ToArray(),
            channel = Channel.Select(r => r.EventsPerSecond).ToArray(),
            ratios = Ratios.ToArray(),
            ringAllocatedBytes = Ring.Select(r => r.AllocatedBytes).ToArray(),
            ringMedian = RingMedian,
            channelMedian = ChannelMedian,
            ratioMedian = RatioMedian,
        };
    }
}
