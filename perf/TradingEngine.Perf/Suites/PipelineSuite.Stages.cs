using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using HdrHistogram;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Perf.Ring;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

public sealed partial class PipelineSuite
{
    /// <summary>
    /// <c>--stages</c>: where the paced latency goes, ring against channel, alternated per pair. Each event's tick-in →
    /// output-out time is split at two more stamps: when the executor starts the event (input wake-up) and when its first
    /// output is handed to the output ring or channel (the executor's own work); the rest is the output consumer's
    /// wake-up. Also per run: the executor's batch sizes, the output consumer's batches, and each thread's voluntary
    /// (it slept) and involuntary (it was preempted) context switches from /proc. The stamps cost a clock read each, so
    /// the totals here run a little above the plain latency lines; compare ring and channel within this mode.
    /// </summary>
    private int RunStages(SuiteOptions options, string[] paths, string instruments, int ticks, string repo, Stopwatch clock, TimeSpan interval)
    {
        var pairs = (int)options.Int("--pairs", options.Quick ? 3 : 7);
        var events = (int)options.Int("--latency-events", options.Quick ? 50_000 : 100_000);
        Console.WriteLine($"# pipeline suite, latency stages: {pairs} alternated pairs (ring, channel) of {events:N0} events every {interval.TotalMicroseconds:F0} us; " +
            $"ring threads: {Threads.Describe()}; {Environment.ProcessorCount} cpus, {RunEnvironment.CpuModel()}, load {RunEnvironment.LoadAverage()}");
        var results = new List<object>();
        foreach (var path in paths)
        {
            var w = Workload.Create(path, instruments, Math.Max(ticks, events), repo);
            RingRun(w, null);
            ChannelRun(w);
            var ring = new List<StageSummary>();
            var channel = new List<StageSummary>();
            for (var p = 0; p < pairs; p++)
            {
                var r = RingStages(w, events, interval);
                var c = ChannelStages(w, events, interval);
                ring.Add(r);
                channel.Add(c);
                Console.WriteLine($"  pair {p + 1} ring:    {r}");
                Console.WriteLine($"  pair {p + 1} channel: {c}");
            }
            var line = $"{w.Name} stages, median of {pairs} runs (ns): ring total p50 {Med(ring, s => s.TotalP50)}, in {Med(ring, s => s.InputP50)}, work {Med(ring, s => s.WorkP50)}, out {Med(ring, s => s.OutputP50)}; " +
                $"channel total p50 {Med(channel, s => s.TotalP50)}, in {Med(channel, s => s.InputP50)}, work {Med(channel, s => s.WorkP50)}, out {Med(channel, s => s.OutputP50)}";
            Console.WriteLine(line);
            results.Add(new { pipeline = w.Name, ring, channel, summary = line });
        }
        var resultsPath = options.ResultsPath(Name + "-stages");
        Directory.CreateDirectory(Path.GetDirectoryName(resultsPath)!);
        File.WriteAllText(resultsPath, JsonSerializer.Serialize(new
        {
            suite = Name + " --stages",
            environment = RunEnvironment.Describe(),
            config = new { pairs, events, intervalNs = interval.TotalNanoseconds, ringThreads = Threads.Describe() },
            pipelines = results,
            elapsedSeconds = clock.Elapsed.TotalSeconds,
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"# suite time {clock.Elapsed.TotalSeconds:F1} s; results written to {resultsPath}");
        return 0;
    }

    private static long Med(List<StageSummary> runs, Func<StageSummary, long> f) => (long)Stats.Median(runs.Select(r => (double)f(r)).ToList());

    private static StageSummary RingStages(Workload w, int events, TimeSpan interval)
    {
        var probe = new LatencyProbe(w, events, interval) { Stages = new StageStamps(Math.Min(events, w.Events.Length)) };
        RingTopology(w, null, probe, null, (executor, input, output) =>
            new StagedExecutorHandler<ExecutorRingHandler<StampingSink<OutputRingSink>>>(
                new ExecutorRingHandler<StampingSink<OutputRingSink>>(executor, input, new StampingSink<OutputRingSink>(new OutputRingSink(output), probe.Stages!)), probe.Stages!));
        return StageSummary.From(probe);
    }

    private static StageSummary ChannelStages(Workload w, int events, TimeSpan interval)
    {
        var probe = new LatencyProbe(w, events, interval) { Stages = new StageStamps(Math.Min(events, w.Events.Length)) };
        ChannelTopology(w, probe);
        return StageSummary.From(probe);
    }

    /// <summary>The executor's start time and first output time of each paced event, by index; batch sizes.</summary>
    private sealed class StageStamps(int events)
    {
        public long[] Started { get; } = new long[events];
        public long[] FirstOutput { get; } = new long[events];
        public long[] Consumed { get; } = new long[events];
        public long Current = -1;
        public LongHistogram ExecutorBatches { get; } = new(1 << 20, 2);
        public LongHistogram ConsumerBatches { get; } = new(1 << 20, 2);
        private readonly ThreadSwitches _before = ThreadSwitches.Sample();

        /// <summary>Context switches of each thread from the probe's creation to <see cref="RunEnded"/>.</summary>
        public IReadOnlyDictionary<string, (long Voluntary, long Involuntary)> Switches { get; private set; } = new Dictionary<string, (long, long)>();

        public void RunEnded() => Switches = ThreadSwitches.Sample().Since(_before);

        public void Start(long sourceSequence)
        {
            var index = sourceSequence - 1;
            Current = index < Started.Length ? index : -1;
            if (Current >= 0)
                Started[Current] = Stopwatch.GetTimestamp();
        }

        public void Output()
        {
            if (Current >= 0 && FirstOutput[Current] == 0)
                FirstOutput[Current] = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Stamps the start of each event and counts the executor's batches, then hands it to the ring handler.</summary>
    private struct StagedExecutorHandler<TInner>(TInner inner, StageStamps stamps) : IEventHandler<MarketEvent>
        where TInner : IEventHandler<MarketEvent>
    {
        private TInner _inner = inner;

        public void OnStart() => _inner.OnStart();

        public void OnBatchStart(long batchSize)
        {
            stamps.ExecutorBatches.RecordValue(batchSize);
            _inner.OnBatchStart(batchSize);
        }

        public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
        {
            stamps.Start(evt.SourceSequence);
            _inner.OnEvent(ref evt, sequence, endOfBatch);
        }

        public void OnTimeout(long sequence) => _inner.OnTimeout(sequence);

        public void OnShutdown() => _inner.OnShutdown();
    }

    /// <summary>Stamps the first output of the event in hand, just before the inner sink hands it on.</summary>
    private struct StampingSink<TInner>(TInner inner, StageStamps stamps) : IOutputSink
        where TInner : struct, IOutputSink
    {
        private TInner _inner = inner;

        public void OnNodeOutput(in NodeOutput output)
        {
            stamps.Output();
            _inner.OnNodeOutput(in output);
        }

        public void OnMessage(in OutputMessage message)
        {
            stamps.Output();
            _inner.OnMessage(in message);
        }

        public void OnCandleClosed(in Candle candle, long sourceSequence)
        {
            stamps.Output();
            _inner.OnCandleClosed(in candle, sourceSequence);
        }

        public void OnEndOfBatch() => _inner.OnEndOfBatch();
    }

    /// <summary>The channel baseline's executor, stamped like <see cref="StagedExecutorHandler{TInner}"/>: one event at a time within each batch taken.</summary>
    private static async Task ExecuteStagedAsync(ChannelReader<MarketEvent> reader, SymbolExecutor executor, ChannelWriter<OutputMessage> output, StageStamps stamps)
    {
        var driver = new InMemoryDriver<StampingSink<ChannelOutputSink>>(executor, new StampingSink<ChannelOutputSink>(new ChannelOutputSink(output), stamps));
        var batch = new MarketEvent[BatchSize];
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            int n;
            while ((n = Take(reader, batch)) > 0)
            {
                stamps.ExecutorBatches.RecordValue(n);
                for (var i = 0; i < n; i++)
                {
                    stamps.Start(batch[i].SourceSequence);
                    driver.Feed(in batch[i]);
                }
                driver.Sink.OnEndOfBatch();
            }
        }
        output.Complete();
    }

    /// <summary>One staged run: percentiles (ns) of each stage over the events that have all four stamps.</summary>
    private sealed record StageSummary(long Count, long TotalP50, long TotalP99, long InputP50, long InputP99, long WorkP50, long WorkP99, long OutputP50, long OutputP99,
        double ExecutorBatchMean, long ExecutorBatchMax, long ConsumerBatches, IReadOnlyDictionary<string, (long Voluntary, long Involuntary)> Switches)
    {
        public static StageSummary From(LatencyProbe probe)
        {
            var s = probe.Stages!;
            var total = new LongHistogram(HighestTrackableNanos, 3);
            var input = new LongHistogram(HighestTrackableNanos, 3);
            var work = new LongHistogram(HighestTrackableNanos, 3);
            var output = new LongHistogram(HighestTrackableNanos, 3);
            var nanos = 1e9 / Stopwatch.Frequency;
            void Record(LongHistogram h, long from, long to) => h.RecordValue(Math.Clamp((long)((to - from) * nanos), 1, HighestTrackableNanos));
            for (var i = probe.Warmup; i < probe.Events; i++)
            {
                if (probe.Stamps[i] == 0 || s.Started[i] == 0 || s.FirstOutput[i] == 0 || s.Consumed[i] == 0)
                    continue;
                Record(total, probe.Stamps[i], s.Consumed[i]);
                Record(input, probe.Stamps[i], s.Started[i]);
                Record(work, s.Started[i], s.FirstOutput[i]);
                Record(output, s.FirstOutput[i], s.Consumed[i]);
            }
            return new StageSummary(total.TotalCount, total.GetValueAtPercentile(50), total.GetValueAtPercentile(99), input.GetValueAtPercentile(50), input.GetValueAtPercentile(99),
                work.GetValueAtPercentile(50), work.GetValueAtPercentile(99), output.GetValueAtPercentile(50), output.GetValueAtPercentile(99),
                Math.Round(s.ExecutorBatches.GetMean(), 2), s.ExecutorBatches.GetMaxValue(), s.ConsumerBatches.TotalCount, s.Switches);
        }

        public override string ToString() =>
            $"n={Count:N0} total p50 {TotalP50} p99 {TotalP99}; in p50 {InputP50} p99 {InputP99}; work p50 {WorkP50} p99 {WorkP99}; out p50 {OutputP50} p99 {OutputP99}; " +
            $"executor batch mean {ExecutorBatchMean.ToString(CultureInfo.InvariantCulture)} max {ExecutorBatchMax}; consumer batches {ConsumerBatches:N0}; switches (vol/invol) " +
            string.Join(", ", Switches.Where(kv => kv.Value.Voluntary + kv.Value.Involuntary > 0).Select(kv => $"{kv.Key} {kv.Value.Voluntary}/{kv.Value.Involuntary}"));
    }

    /// <summary>Voluntary and involuntary context switches of this process's threads, by thread name, from /proc/self/task.</summary>
    private sealed class ThreadSwitches
    {
        private readonly Dictionary<int, (string Name, long Voluntary, long Involuntary)> _byThread;

        private ThreadSwitches(Dictionary<int, (string, long, long)> byThread) => _byThread = byThread;

        public static ThreadSwitches Sample()
        {
            var byThread = new Dictionary<int, (string, long, long)>();
            if (!Directory.Exists("/proc/self/task"))
                return new ThreadSwitches(byThread);
            foreach (var task in Directory.GetDirectories("/proc/self/task"))
            {
                try
                {
                    string name = "?";
                    long vol = 0, invol = 0;
                    foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith("Name:", StringComparison.Ordinal))
                            name = line[5..].Trim();
                        else if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                            vol = long.Parse(line.AsSpan(24).Trim(), CultureInfo.InvariantCulture);
                        else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                            invol = long.Parse(line.AsSpan(27).Trim(), CultureInfo.InvariantCulture);
                    }
                    byThread[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (name, vol, invol);
                }
                catch (IOException)
                {
                    // the thread ended while we read
                }
            }
            return new ThreadSwitches(byThread);
        }

        /// <summary>Switches since <paramref name="before"/>, summed by thread name (thread-pool workers share one).</summary>
        public IReadOnlyDictionary<string, (long Voluntary, long Involuntary)> Since(ThreadSwitches before)
        {
            var sums = new SortedDictionary<string, (long, long)>(StringComparer.Ordinal);
            foreach (var (tid, (name, vol, invol)) in _byThread)
            {
                var (_, v0, i0) = before._byThread.TryGetValue(tid, out var b) ? b : (name, 0, 0);
                var (sv, si) = sums.TryGetValue(name, out var s) ? s : (0, 0);
                sums[name] = (sv + vol - v0, si + invol - i0);
            }
            return sums;
        }
    }
}
