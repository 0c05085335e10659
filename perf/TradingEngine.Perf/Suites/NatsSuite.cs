using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TradingEngine.Nats;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// The <c>nats</c> suite, over loopback, one nats-server:
/// <list type="number">
/// <item>JSON tick ingestion throughput (<see cref="MarketDataIngestor"/>: decode, validate, claim and publish an
/// input-ring slot, a consumer on the ring) against a raw NATS.Net subscriber that receives the same payloads without
/// decoding. Same server, same publisher, alternated runs (A, B, A, B …); bar: median ratio ≥ 0.8.</item>
/// <item>Latency through the whole live engine (<c>te run</c>'s composition): tick published on <c>ticks.raw</c> →
/// output received on a public subject, HdrHistogram p50/p99.</item>
/// <item>Tick → signal through the same engine with <c>perf/pipelines/nats_signals.yaml</c>: tick published on
/// <c>ticks.raw.SPY</c> → the TradeSignal it triggers received on <c>strategies.signals.SPY</c>, beside a raw NATS.Net echo
/// of the same ticks at the same pace (the baseline; ratio = engine / echo).</item>
/// </list>
/// Uses <c>--nats URL</c> or <c>TE_NATS_URL</c>; otherwise starts its own nats-server (when installed) on a free port.
/// Options: --quick, --pairs N, --messages N, --latency-ticks N (each latency run, the echo baseline included), --signal-rounds N, --interval-us N, --pace sleep|spin, --nats URL, --out FILE.
/// </summary>
public sealed partial class NatsSuite : ISuite
{
    public string Name => "nats";

    public string Description => "NATS JSON tick ingestion vs raw NATS.Net subscriber; tick in -> output out and tick in -> signal out latency vs a raw NATS.Net echo";

    public int Run(SuiteOptions options)
    {
        var quick = options.Quick;
        var pairs = (int)options.Int("--pairs", quick ? 3 : 7);
        var messages = (int)options.Int("--messages", quick ? 200_000 : 1_000_000);
        var latencyTicks = (int)options.Int("--latency-ticks", quick ? 3_000 : 20_000);
        var signalRounds = (int)options.Int("--signal-rounds", quick ? 1 : 3);
        var interval = TimeSpan.FromMicroseconds(options.Int("--interval-us", 1000));
        var pace = new Pace(interval, options.Value("--pace") == "spin");
        var clock = Stopwatch.StartNew();

        using var server = ServerFor(options.Value("--nats") ?? Environment.GetEnvironmentVariable("TE_NATS_URL"));
        Console.WriteLine($"# nats suite ({(quick ? "quick" : "full")}): server {server.Url}{(server.Owned ? " (started by the suite)" : "")}, " +
            $"{pairs} pairs of {messages:N0} JSON ticks, latency {latencyTicks:N0} ticks every {interval.TotalMicroseconds} us ({(pace.Spin ? "spinning" : "sleeping")} between), {Environment.ProcessorCount} cpus, {RunEnvironment.CpuModel()}");

        var payloads = TickPayloads(Math.Min(messages, 100_000));
        var throughput = RunThroughput(server.Url, payloads, messages, pairs);
        var latency = RunLatency(server.Url, latencyTicks, Math.Max(latencyTicks / 10, 200), pace);
        var signal = RunSignalLatency(server.Url, latencyTicks, Math.Max(latencyTicks / 10, 200), pace, signalRounds);

        Console.WriteLine($"raw-nats-subscriber: {Rate(throughput.RawMedian)} msgs/s");
        Console.WriteLine($"json-ingestion: {Rate(throughput.IngestMedian)} msgs/s");
        Console.WriteLine($"ratio: {throughput.RatioMedian.ToString("F2", CultureInfo.InvariantCulture)} (median of per-pair ratios)");
        Console.WriteLine($"latency tick->output (us): p50 {Us(latency.P50)} p90 {Us(latency.P90)} p99 {Us(latency.P99)} p99.9 {Us(latency.P999)} max {Us(latency.Max)} (n={latency.Count}, output {latency.Output})");
        Console.WriteLine($"latency tick->signal (us): p50 {Us(signal.Engine.P50)} p90 {Us(signal.Engine.P90)} p99 {Us(signal.Engine.P99)} p99.9 {Us(signal.Engine.P999)} max {Us(signal.Engine.Max)} " +
            $"(n={signal.Engine.Count} ticks over {signal.Rounds.Length} rounds, {signal.TicksPublished} published, {signal.Signals} signals received)");
        Console.WriteLine($"latency raw NATS.Net echo (us): p50 {Us(signal.Echo.P50)} p90 {Us(signal.Echo.P90)} p99 {Us(signal.Echo.P99)} p99.9 {Us(signal.Echo.P999)} max {Us(signal.Echo.Max)} (n={signal.Echo.Count})");
        Console.WriteLine($"tick->signal / echo: p50 {signal.RatioP50.ToString("F2", CultureInfo.InvariantCulture)}x, p99 {signal.RatioP99.ToString("F2", CultureInfo.InvariantCulture)}x " +
            $"(all rounds merged); median of the rounds' p50 ratios {signal.RoundRatioP50Median.ToString("F2", CultureInfo.InvariantCulture)}x");
        var bars = new[]
        {
            (Name: "json ingestion >= 0.8x raw NATS.Net subscriber (median ratio)", Met: throughput.RatioMedian >= 0.8, Value: throughput.RatioMedian),
            (Name: "no message lost in any run", Met: throughput.Lost == 0, Value: (double)throughput.Lost),
            (Name: "every measured tick triggered a signal that arrived", Met: signal.Engine.Count == (long)latencyTicks * signalRounds, Value: (double)signal.Engine.Count),
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
                server = server.Owned ? "nats-server started by the suite (loopback)" : server.Url,
                messagesPerRun = messages,
                pairs,
                payloadBytesMean = payloads.Average(p => p.Length),
                payload = "real SPY trades (2013-10-08) as the external JSON contract, cycled",
                raw = "SubscribeCoreAsync<NatsMemoryOwner<byte>>, pending channel 65536 Wait, counts and disposes each message",
                ingestion = "MarketDataIngestor (JSON decode with instrument registry, subject and order checks, multi-producer ring 65536, one consumer with the blocking wait strategy (te run's default))",
                latencyTicks,
                latencyIntervalUs = interval.TotalMicroseconds,
                latencyPacing = pace.Spin ? "spin: the publisher polls the clock between ticks without blocking" : "sleep: the publisher sleeps >= 1 ms between ticks and catches up back to back",
                signalRounds,
                signalPipeline = "perf/pipelines/nats_signals.yaml (multi_tf_confluence on an EMA(2) of 1s closes; a two-level tape flips it on every tick)",
                echo = "a second connection subscribes to perf.echo.*.in and publishes each payload unchanged on perf.echo.*.out; the client times publish -> receipt",
            },
            throughput = new
            {
                rawRuns = throughput.Raw,
                ingestRuns = throughput.Ingest,
                ratios = throughput.Ratios,
                rawMedian = throughput.RawMedian,
                ingestMedian = throughput.IngestMedian,
                ratioMedian = throughput.RatioMedian,
                lost = throughput.Lost,
            },
            latencyNs = latency,
            signalLatencyNs = new
            {
                engine = signal.Engine,
                echoBaseline = signal.Echo,
                ratioP50 = signal.RatioP50,
                ratioP99 = signal.RatioP99,
                roundRatioP50Median = signal.RoundRatioP50Median,
                rounds = signal.Rounds.Select(r => new { r.EchoFirst, r.Engine, r.Echo, r.RatioP50, r.RatioP99, r.EngineIntervalUs, r.EchoIntervalUs }).ToArray(),
                signalsReceived = signal.Signals,
                ticksPublished = signal.TicksPublished,
            },
            bars = bars.Select(b => new { b.Name, b.Met, b.Value }).ToArray(),
            elapsedSeconds = clock.Elapsed.TotalSeconds,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"# suite time {clock.Elapsed.TotalSeconds:F1} s; results written to {path}");
        return 0;
    }

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Us(long nanos) => (nanos / 1000.0).ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>The server to use: the given URL, or a nats-server of our own on a free loopback port.</summary>
    internal static Server ServerFor(string? url)
    {
        if (!string.IsNullOrEmpty(url))
            return new Server(url, null, null);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var dir = Directory.CreateTempSubdirectory("te-perf-nats-").FullName;
        var info = new ProcessStartInfo("nats-server") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-js", "-sd", dir })
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start nats-server; give --nats URL");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var probe = new TcpClient();
            try
            {
                probe.Connect(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(50);
            }
        }
        return new Server($"nats://127.0.0.1:{port}", process, dir);
    }

    internal sealed class Server(string url, Process? process, string? dir) : IDisposable
    {
        public string Url { get; } = url;
        public bool Owned => process is not null;

        public void Dispose()
        {
            if (process is null)
                return;
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            process.Dispose();
            if (dir is not null)
                Directory.Delete(dir, recursive: true);
        }
    }
}
