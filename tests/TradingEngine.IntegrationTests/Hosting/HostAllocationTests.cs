using System.Globalization;
using NATS.Client.Core;
using TradingEngine.Hosting;
using TradingEngine.Hosting.Observability;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Hosting;

/// <summary>
/// Zero allocation per event on every hot thread of the real host (issue 21, constraints): te run's engine on a real
/// nats-server with two executors on us_equity.yaml (every kind of node it has), their input rings and journalers, and
/// the NATS publisher's output ring. Each thread reports what it allocated (<see cref="TradingEngine.Ring.IEventProcessor.AllocatedBytes"/>
/// for the ring threads, <see cref="IngestionCounters.DecodeAllocatedBytes"/> for the subscription loops' decoding);
/// after a warm-up, a round of 12,000 ticks (one of at most four) must leave every figure where it was.
/// </summary>
public sealed class HostAllocationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int PerRound = 6_000;
    private const int MaxRounds = 4;

    /// <param name="metrics">te run --metrics: latency sampling on the executors, the endpoint scraped during every round (issue 26).</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ingestion_decode_executors_journalers_and_the_publisher_allocate_nothing_per_event_in_steady_state(bool metrics)
    {
        await using var client = await Services.RequireNatsAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        string[] symbols = ["A" + suffix, "B" + suffix];
        var dir = Directory.CreateTempSubdirectory("te-host-alloc-").FullName;
        try
        {
            var instruments = await EquityInstrumentFile.WriteAsync(dir, symbols, Ct);
            var pipeline = Path.Combine(TestData.RepositoryRoot(), "pipelines", "us_equity.yaml");
            var config = await HostConfigFile.WriteAsync(dir, instruments, 4096, [("a", symbols[0], pipeline), ("b", symbols[1], pipeline)], Ct);
            var options = new NatsLiveEngineOptions
            {
                Config = config,
                JournalDirectory = Path.Combine(dir, "journal"),
                External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-host-alloc" },
                ClockInterval = TimeSpan.Zero,
                OutOfOrderTolerance = TimeSpan.FromDays(1),
                SampleLatency = metrics,
            };
            var engine = await NatsLiveEngine.StartAsync(options, Ct);
            await using var observed = metrics ? new LiveEngineMetrics(options) : null;
            await using var endpoint = observed is null ? null : MetricsEndpoint.Start(new MetricsAddress(System.Net.IPAddress.Loopback, 0), observed);
            observed?.Attach(engine);
            using var http = endpoint is null ? null : new HttpClient { BaseAddress = new Uri($"http://{endpoint.Address}/") };
            await using (engine)
            {
                await using var feeder = new NatsConnection(new NatsEndpoint { Url = Services.NatsUrl, Name = "te-host-alloc-feed" }.ToNatsOpts());
                // Tuesday 2023-12-26 14:35 UTC (inside the session), a tick every 100 ms per symbol: 1m candles close as it goes
                var t0 = new DateTime(2023, 12, 26, 14, 35, 0, DateTimeKind.Utc);
                var sent = 0;
                async Task RoundAsync()
                {
                    for (var i = 0; i < PerRound; i++, sent++)
                    {
                        var time = (t0 + TimeSpan.FromMilliseconds(100.0 * sent)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                        foreach (var symbol in symbols)
                        {
                            var price = (470m + 0.01m * ((sent * 7) % 41)).ToString(CultureInfo.InvariantCulture);
                            await feeder.PublishAsync(NatsSubjects.TicksRaw(symbol), NatsInputSamples.Utf8(
                                $$$"""{"schema_version":1,"type":"tick","symbol":"{{{symbol}}}","timestamp":"{{{time}}}","timeframe":null,"data":{"price":{{{price}}},"size":{{{1 + sent % 5}}}00}}"""),
                                cancellationToken: Ct);
                        }
                        // a paced feed (about 20k messages a second), as live: not one burst that fills every buffer at once
                        if (i % 200 == 199)
                            await Task.Delay(20, Ct);
                        if (http is not null && i % 1000 == 999)
                            Assert.Contains("te_tick_to_output_latency_seconds_count", await http.GetStringAsync("metrics", Ct));
                    }
                    await feeder.PingAsync(Ct);
                    await Eventually.TrueAsync(() => engine.Engines.Executors.All(e => e.Executor.Counters.Sample().Ticks == sent), TimeSpan.FromSeconds(60),
                        () => $"{string.Join(", ", engine.Engines.Executors.Select(e => e.Executor.Counters.Sample().Ticks))} of {sent} ticks; {engine.Ingestion}");
                    Assert.All(engine.Host.Inputs, i => Assert.True(i.WaitUntilDrained(TimeSpan.FromSeconds(30))));
                    Assert.All(engine.Host.Outputs, o => Assert.True(o.WaitUntilDrained(TimeSpan.FromSeconds(30))));
                }

                Dictionary<string, long> Allocated()
                {
                    var figures = new Dictionary<string, long> { ["ingestion decode"] = engine.Ingestion.DecodeAllocatedBytes };
                    for (var i = 0; i < engine.Host.Inputs.Count; i++)
                    {
                        foreach (var p in engine.Host.Inputs[i].Processors)
                            figures[$"{p.Name} (ring {i})"] = p.AllocatedBytes;
                    }
                    foreach (var p in engine.Host.Outputs.SelectMany(o => o.Processors))
                        figures[p.Name] = p.AllocatedBytes;
                    return figures;
                }

                await RoundAsync(); // warm-up: JIT tiers, first candles, caches of the subjects
                // steady state: a round of ticks in which no hot thread allocates. Outputs seen for the first time (a
                // strategy's first signal, a 15m candle's first close) make their subject once, so a round may still find
                // one; a thread that allocates per event does in every round
                var rounds = new List<string>();
                var clean = false;
                for (var round = 0; round < MaxRounds && !clean; round++)
                {
                    var before = Allocated();
                    var waitsBefore = engine.Publisher.Counters.ClientAllocatedBytes;
                    await RoundAsync();
                    var after = Allocated();
                    // NATS.Net allocates in its publish calls (its async state when a publish waits for its full write
                    // buffer; counted apart by the publisher); everything else on every hot thread must be zero
                    var waitAllocated = engine.Publisher.Counters.ClientAllocatedBytes - waitsBefore;
                    after["publisher"] -= waitAllocated;
                    Assert.Equal(["executor:a (ring 0)", "executor:b (ring 1)", "ingestion decode", "journaler (ring 0)", "journaler (ring 1)", "publisher"], before.Keys.Order());
                    clean = before.Keys.All(k => after[k] == before[k]);
                    rounds.Add($"round {round + 1}: {string.Join(", ", before.Keys.Select(k => $"{k} {after[k] - before[k]} B"))} " +
                               $"(besides {waitAllocated} B inside NATS.Net's publish calls, {engine.Publisher.Counters.Waits} waits for its write buffer so far)");
                }
                TestContext.Current.TestOutputHelper?.WriteLine($"allocated per round of {2 * PerRound} ticks after the warm-up: {string.Join("; ", rounds)}");
                Assert.True(clean, $"no round of {2 * PerRound} ticks in {MaxRounds} left every hot thread without allocation: {string.Join("; ", rounds)}");
                Assert.True(engine.Publisher.Counters.PublicPublished > 0);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
