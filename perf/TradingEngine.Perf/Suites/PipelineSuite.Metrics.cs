using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TradingEngine.Engine.Runtime;
using TradingEngine.Hosting.Observability;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

public sealed partial class PipelineSuite
{
    /// <summary>
    /// <c>--metrics-overhead</c>: the cost of <c>te run --metrics</c> on the executor's path. The ring topology (input ring
    /// → executor → output ring → consumer) runs with sampling off, then on (<see cref="OutputLatencySampler"/> on the
    /// executor, drained into a <see cref="LatencyHistogram"/> every 250 ms by a timer, as the endpoint's collector does),
    /// alternated per pair; every trade carries a receive stamp so each event with outputs takes the clock read and the
    /// store. Ratio = on / off events per second per pair; the median and the spread (min, max) of the ratios.
    /// </summary>
    private int RunMetricsOverhead(SuiteOptions options, string[] paths, string instruments, int ticks, string repo, Stopwatch clock)
    {
        var pairs = (int)options.Int("--pairs", options.Quick ? 3 : 7);
        Console.WriteLine($"# pipeline suite, metrics overhead: synthetic ES session of {ticks:N0} trades, {pairs} alternated pairs (off, on), {Environment.ProcessorCount} cpus, {RunEnvironment.CpuModel()}");
        var results = new List<object>();
        foreach (var path in paths)
        {
            var w = Workload.Create(path, instruments, ticks, repo);
            var stamp = UtcNanos.Now();
            for (var i = 0; i < w.Events.Length; i++)
            {
                if (w.Events[i].Kind == MarketEventKind.Tick)
                    w.Events[i].Tick.ReceiveTime = stamp;
            }
            RingRun(w, null);
            MeasuredRun(w);
            var off = new List<TopologyRun>();
            var on = new List<TopologyRun>();
            var ratios = new List<double>();
            long measured = 0;
            for (var p = 0; p < pairs; p++)
            {
                var a = RingRun(w, null);
                var (b, outputs) = MeasuredRun(w);
                off.Add(a);
                on.Add(b);
                measured = outputs;
                ratios.Add(b.EventsPerSecond / a.EventsPerSecond);
                Console.WriteLine($"  pair {p + 1}: off {Rate(a.EventsPerSecond)}, on {Rate(b.EventsPerSecond)} events/s; on/off {F2(b.EventsPerSecond / a.EventsPerSecond)}");
            }
            var line = $"{w.Name} metrics on/off: {F3(Stats.Median(ratios))} (median of {pairs} per-pair ratios; spread {F3(ratios.Min())}–{F3(ratios.Max())}); " +
                $"off {Rate(Median(off))}, on {Rate(Median(on))} events/s; outputs per run {off[0].Outputs:N0} off, {on[0].Outputs:N0} on, {measured:N0} measured by the latency histogram (the rest: outputs of heartbeats, no receive stamp)";
            Console.WriteLine(line);
            results.Add(new { pipeline = w.Name, off, on, ratios, ratioMedian = Stats.Median(ratios), ratioMin = ratios.Min(), ratioMax = ratios.Max(), outputsMeasured = measured, summary = line });
        }
        var resultsPath = options.ResultsPath(Name + "-metrics");
        Directory.CreateDirectory(Path.GetDirectoryName(resultsPath)!);
        File.WriteAllText(resultsPath, JsonSerializer.Serialize(new
        {
            suite = Name + " --metrics-overhead",
            environment = RunEnvironment.Describe(),
            config = new { ticksPerRun = ticks, pairs, method = "ring topology, off then on per pair; on = OutputLatencySampler on the executor + a 250 ms drain timer into LatencyHistogram; every trade stamped" },
            pipelines = results,
            elapsedSeconds = clock.Elapsed.TotalSeconds,
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"# suite time {clock.Elapsed.TotalSeconds:F1} s; results written to {resultsPath}");
        return 0;
    }

    private static (TopologyRun Run, long Measured) MeasuredRun(Workload w)
    {
        var histogram = new LatencyHistogram(new OutputLatencySampler());
        var drain = new object();
        using var timer = new Timer(_ =>
        {
            lock (drain)
                histogram.Drain();
        }, null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
        var run = RingTopology(w, null, latency: null, histogram.Sampler);
        lock (drain)
        {
            timer.Change(Timeout.Infinite, Timeout.Infinite);
            histogram.Drain();
        }
        return (run, histogram.Count); // unmeasured (heartbeats' outputs) and dropped samples are not in it
    }

    private static string F3(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
