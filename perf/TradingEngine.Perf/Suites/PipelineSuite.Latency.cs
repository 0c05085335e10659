using System.Diagnostics;
using HdrHistogram;
using TradingEngine.Perf.Ring;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

public sealed partial class PipelineSuite
{
    private const long HighestTrackableNanos = 10_000_000_000;

    /// <summary>One paced ring run; its histogram is also added to <paramref name="pooled"/>.</summary>
    private static LatencySummary RingLatency(Workload w, int events, TimeSpan interval, LongHistogram pooled)
    {
        var probe = new LatencyProbe(w, events, interval);
        RingTopology(w, null, probe);
        pooled.Add(probe.Histogram);
        return LatencySummary.From($"{w.Name} ring", probe.Histogram);
    }

    /// <summary>One paced channel run; its histogram is also added to <paramref name="pooled"/>.</summary>
    private static LatencySummary ChannelLatency(Workload w, int events, TimeSpan interval, LongHistogram pooled)
    {
        var probe = new LatencyProbe(w, events, interval);
        ChannelTopology(w, probe);
        pooled.Add(probe.Histogram);
        return LatencySummary.From($"{w.Name} channel", probe.Histogram);
    }

    /// <summary>
    /// <c>--latency-samples N</c>: the events per paced run (and a workload long enough for them) so that
    /// <paramref name="pairs"/> runs per side pool at least <paramref name="samples"/> samples. A pipeline records a sample
    /// only on the events that make an output (bench.yaml: ~1 in 160), so one unrecorded ring run of
    /// <paramref name="perRun"/> events measures that rate first; it also warms the paced path up.
    /// </summary>
    private static (Workload Workload, int PerRun) SizeLatencyRuns(Workload w, int perRun, long samples, int pairs, TimeSpan interval, string instruments, string repo)
    {
        var calibration = RingLatency(w, perRun, interval, new LongHistogram(HighestTrackableNanos, 3));
        var recorded = Math.Min(perRun, w.Events.Length) * 0.9; // the first 10 % of a run is warm-up
        var perEvent = Math.Max(calibration.Count, 1) / recorded;
        var needed = (int)Math.Min(int.MaxValue / 2, Math.Ceiling(samples / (double)pairs / perEvent / 0.9 * 1.02));
        if (needed <= perRun)
            return (w, perRun);
        Console.WriteLine($"  latency runs sized for {samples:N0} samples per side: {calibration.Count:N0} samples from {perRun:N0} events in a calibration run, " +
            $"so {needed:N0} events per run ({needed * interval.TotalSeconds * 2 * pairs:F0} s of paced runs)");
        if (needed <= w.Events.Length)
            return (w, needed);
        // a longer synthetic session of the same pipeline: its events begin with the same ones
        var longer = Workload.Create(w.Path, instruments, needed, repo);
        Settle();
        return (longer, needed);
    }

    /// <summary>What a paced run shares between the producer (stamps) and the output consumer (histogram).</summary>
    private sealed class LatencyProbe
    {
        public LatencyProbe(Workload w, int events, TimeSpan interval)
        {
            Events = Math.Min(events, w.Events.Length);
            Times = w.Times;
            Stamps = new long[Events];
            Warmup = Events / 10;
            IntervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        }

        public int Events { get; }
        public int Warmup { get; }
        public long IntervalTicks { get; }

        /// <summary>Publish time (Stopwatch ticks) of each event, by index.</summary>
        public long[] Stamps { get; }

        public long[] Times { get; }

        /// <summary><c>--stages</c>: the executor's and consumer's stamps of each event; null in the plain latency runs.</summary>
        public StageStamps? Stages { get; init; }

        public LongHistogram Histogram { get; } = new(HighestTrackableNanos, 3);
    }

    /// <summary>
    /// The output ring's consumer: counts outputs and, in a paced run, records publish → consumed for the first output
    /// of each input event. A node message names its event by source sequence; a closed candle carries none (the output
    /// sink writes it without one), so it is charged to the first event at or after its close time: the event that
    /// closed it, or (if the aggregator closes only past the end) one interval earlier, which can only overstate.
    /// </summary>
    private struct OutputRecorder(LatencyProbe? probe) : IEventHandler<OutputMessage>
    {
        private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;
        private long _last = -1;

        public long Outputs { get; private set; }

        public readonly void OnStart()
        {
        }

        public readonly void OnBatchStart(long batchSize) => probe?.Stages?.ConsumerBatches.RecordValue(Math.Max(1, batchSize));

        public void OnEvent(ref OutputMessage evt, long sequence, bool endOfBatch)
        {
            var now = Stopwatch.GetTimestamp();
            Outputs++;
            if (probe is null)
                return;
            var index = evt.SourceSequence > 0
                ? evt.SourceSequence - 1
                : evt.Kind == MessageType.Candle ? FirstAtOrAfter(probe.Times, evt.Candle.CloseTime) : -1;
            if (index <= _last || index < probe.Warmup || index >= probe.Events)
                return;
            _last = index;
            var stamp = probe.Stamps[index];
            if (stamp == 0)
                return;
            probe.Histogram.RecordValue(Math.Clamp((long)((now - stamp) * NanosPerTick), 1, HighestTrackableNanos));
            if (probe.Stages is { } stages)
                stages.Consumed[index] = now;
        }

        public readonly void OnTimeout(long sequence)
        {
        }

        public readonly void OnShutdown()
        {
        }

        private static long FirstAtOrAfter(long[] times, long time)
        {
            var index = Array.BinarySearch(times, time);
            if (index < 0)
                return ~index;
            // equal times: the first of them
            while (index > 0 && times[index - 1] == time)
                index--;
            return index;
        }
    }
}
