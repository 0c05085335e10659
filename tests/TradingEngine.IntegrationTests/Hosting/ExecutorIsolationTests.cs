using System.Diagnostics;
using System.Globalization;
using NATS.Client.Core;
using TradingEngine.Hosting;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Hosting;

/// <summary>
/// Issue 21 item 3, a slow executor: te run's engine (<see cref="NatsLiveEngine"/>, real nats-server) with two executors,
/// <c>slow</c> and <c>fast</c>, each owning one symbol whose pipeline is one <see cref="SleepNode"/> publishing per tick.
/// The fast symbol gets 200 ticks a second for 2 s, the slow one a tick per four of them. The run is made twice: with the
/// slow node sleeping 0 ms (the baseline) and 50 ms per tick (its 100 ticks take 5 s: its 16-slot input ring fills and
/// its subscription waits). The fast symbol's p99 tick → output latency (publish of the tick to arrival of its output on
/// <c>indicators.public.{sym}.value</c>, both in this process) must stay within twice the baseline's.
/// <para>Both runs share the 2-vCPU box with whatever else runs, so a pair can be spoiled by noise: up to three
/// alternated pairs are made and one within bound suffices. A slow executor that holds back the other (one ring shared
/// by both, a subscription loop shared by both symbols, a waiting producer burning the core the fast executor needs)
/// costs seconds of latency in every pair.</para>
/// </summary>
[Collection(AloneCollection.Name)] // a latency comparison: runs beside nothing else of the suite
public sealed class ExecutorIsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int FastTicks = 400;
    private const int Warm = 100;
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(5);
    private const int SlowEvery = 4;
    private const int SlowMs = 50;

    [Fact]
    public async Task A_slow_executor_keeps_the_other_executors_p99_tick_to_output_latency_within_twice_the_unslowed_run()
    {
        await using var client = await Services.RequireNatsAsync();
        var pairs = new List<(Run Baseline, Run Slowed)>();
        for (var pair = 0; pair < 3; pair++)
        {
            var baseline = await RunAsync(client, sleepMs: 0);
            var slowed = await RunAsync(client, sleepMs: SlowMs);
            pairs.Add((baseline, slowed));
            TestContext.Current.TestOutputHelper?.WriteLine($"pair {pair}: baseline {baseline}; slowed {slowed}");
            // the slow executor was slow: its ring filled and its subscription waited for it
            Assert.True(slowed.SlowRingFullWaits > 0, $"the slow executor's ring never filled: {slowed}");
            if (slowed.P99 <= 2 * baseline.P99)
                break;
        }
        Assert.True(pairs.Any(p => p.Slowed.P99 <= 2 * p.Baseline.P99),
            "the fast executor's p99 tick → output latency with the other executor sleeping 50 ms per tick exceeded twice the baseline's in every pair: " +
            string.Join("; ", pairs.Select(p => $"baseline {p.Baseline}, slowed {p.Slowed}")));
    }

    private sealed record Run(double P50, double P99, double Max, long SlowRingFullWaits)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"p50 {P50:0.00} ms p99 {P99:0.00} ms max {Max:0.00} ms (ring-full waits {SlowRingFullWaits})");
    }

    private static async Task<Run> RunAsync(NatsConnection client, int sleepMs)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var slow = "S" + suffix;
        var fast = "Q" + suffix;
        var dir = Directory.CreateTempSubdirectory("te-isolation-").FullName;
        try
        {
            var instruments = await EquityInstrumentFile.WriteAsync(dir, [slow, fast], Ct);
            await File.WriteAllTextAsync(Path.Combine(dir, "slow.yaml"), Pipeline(sleepMs), Ct);
            await File.WriteAllTextAsync(Path.Combine(dir, "fast.yaml"), Pipeline(0), Ct);
            var config = await HostConfigFile.WriteAsync(dir, instruments, 16,
                [("slow", slow, Path.Combine(dir, "slow.yaml")), ("fast", fast, Path.Combine(dir, "fast.yaml"))], Ct);

            var arrivals = new long[Warm + FastTicks];
            var received = 0;
            await using var outputs = await client.SubscribeCoreAsync<byte[]>($"indicators.public.{fast}.value", cancellationToken: Ct);
            var reader = Task.Run(async () =>
            {
                await foreach (var _ in outputs.Msgs.ReadAllAsync(Ct))
                {
                    var n = Interlocked.Increment(ref received);
                    if (n <= arrivals.Length)
                        arrivals[n - 1] = Stopwatch.GetTimestamp();
                }
            }, Ct);
            await client.PingAsync(Ct);

            var sent = new long[FastTicks];
            long ringFull;
            var engine = await NatsLiveEngine.StartAsync(new NatsLiveEngineOptions
            {
                Config = config,
                Catalog = NodeCatalogs.Standard().Register<SleepNode>(),
                JournalDirectory = Path.Combine(dir, "journal"),
                External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-isolation-engine" },
                ClockInterval = TimeSpan.Zero,
                PublishInternal = false,
            }, Ct);
            await using (engine)
            {
                await using var feeder = new NatsConnection(new NatsEndpoint { Url = Services.NatsUrl, Name = "te-isolation-feed" }.ToNatsOpts());
                await feeder.ConnectAsync();
                // warm-up (not measured): the first ticks JIT the path from subscription to publisher
                for (var i = 0; i < Warm; i++)
                {
                    var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
                    await feeder.PublishAsync(NatsSubjects.TicksRaw(fast), Tick(fast, stamp, 0), cancellationToken: Ct);
                    await Task.Delay(2, Ct);
                }
                await Eventually.TrueAsync(() => Volatile.Read(ref received) >= Warm, TimeSpan.FromSeconds(30), () => $"{Volatile.Read(ref received)}/{Warm} warm-up outputs");
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < FastTicks; i++)
                {
                    while (Stopwatch.GetElapsedTime(start) < Spacing * i)
                        await Task.Delay(1, Ct);
                    var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
                    if (i % SlowEvery == 0)
                        await feeder.PublishAsync(NatsSubjects.TicksRaw(slow), Tick(slow, stamp, i), cancellationToken: Ct);
                    sent[i] = Stopwatch.GetTimestamp();
                    await feeder.PublishAsync(NatsSubjects.TicksRaw(fast), Tick(fast, stamp, i), cancellationToken: Ct);
                }
                await feeder.PingAsync(Ct);
                await Eventually.TrueAsync(() => Volatile.Read(ref received) >= Warm + FastTicks, TimeSpan.FromSeconds(30),
                    () => $"{Volatile.Read(ref received) - Warm}/{FastTicks} outputs of the fast symbol; {engine.Ingestion}");
                ringFull = engine.Ingestion.RingFullWaits;
                // the slow executor still runs through everything it was given (nothing dropped to keep up)
                await Eventually.TrueAsync(() => engine.Engines.Executors[0].Executor.Counters.Sample().Ticks == FastTicks / SlowEvery,
                    TimeSpan.FromSeconds(30), () => $"slow executor: {engine.Engines.Executors[0].Executor.Counters.Sample().Ticks} ticks of {FastTicks / SlowEvery}");
            }
            Assert.Equal(Warm + FastTicks, Volatile.Read(ref received));
            var latencies = Enumerable.Range(0, FastTicks).Select(i => Stopwatch.GetElapsedTime(sent[i], arrivals[Warm + i]).TotalMilliseconds).Order().ToArray();
            return new Run(latencies[FastTicks / 2], latencies[FastTicks * 99 / 100], latencies[^1], ringFull);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Pipeline(int sleepMs) => $$"""
        pipeline: sleep_{{sleepMs}}
        nodes:
          - id: value
            kind: test_sleep
            params: {ms: {{sleepMs}}}
            inputs: [ticks]
            publish: true
        """;

    /// <summary>A tick priced 100 + i/100 (small steps: no price band refuses it), size 10.</summary>
    private static byte[] Tick(string symbol, string stamp, int i) => NatsInputSamples.Utf8(
        $$$"""{"schema_version":1,"type":"tick","symbol":"{{{symbol}}}","timestamp":"{{{stamp}}}","timeframe":null,"data":{"price":{{{(100m + i / 100m).ToString(CultureInfo.InvariantCulture)}}},"size":10}}""");
}
