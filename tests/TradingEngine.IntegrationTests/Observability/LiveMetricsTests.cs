using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using NATS.Client.Core;
using TradingEngine.Hosting;
using TradingEngine.Hosting.Observability;
using TradingEngine.IntegrationTests.Hosting;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.IntegrationTests.Timescale;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Observability;

/// <summary>
/// te run's metrics endpoint on the real nats-server (issue 26): the engine te run composes (with
/// <see cref="LiveEngineMetrics"/> and <see cref="MetricsEndpoint"/> on a free port), fed real JSON ticks and bad
/// messages of eight rejection reasons; /metrics scraped over HTTP and parsed must count exactly what was sent, the
/// latency histogram must count every output, the ring gauges must lie in their rings; /readyz is 503 before the engine
/// runs and 200 once it does, /healthz 200 throughout.
/// </summary>
public sealed partial class LiveMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int GoodTicks = 300;
    private const int InputRingSize = 4096;

    private static readonly RejectReason[] SentReasons =
    [
        RejectReason.MalformedJson, RejectReason.MissingField, RejectReason.WrongType, RejectReason.NegativePrice,
        RejectReason.ZeroPrice, RejectReason.NegativeSize, RejectReason.UnknownSchemaVersion, RejectReason.InvalidTimestamp,
    ];

    [Fact]
    public async Task Scraped_counters_equal_the_ticks_and_bad_messages_sent_and_the_latency_histogram_counts_every_output()
    {
        await using var client = await Services.RequireNatsAsync();
        var samples = new NatsInputSamples();
        var symbol = samples.Symbol;
        var dir = Directory.CreateTempSubdirectory("te-metrics-").FullName;
        try
        {
            var instruments = await EquityInstrumentFile.WriteAsync(dir, [symbol], Ct);
            var pipeline = Path.Combine(TestData.RepositoryRoot(), "pipelines", "us_equity.yaml");
            var config = await HostConfigFile.WriteAsync(dir, instruments, InputRingSize, [("a", symbol, pipeline)], Ct);
            var options = new NatsLiveEngineOptions
            {
                Config = config,
                JournalDirectory = Path.Combine(dir, "journal"),
                External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-metrics" },
                ClockInterval = TimeSpan.Zero,
                OutOfOrderTolerance = TimeSpan.FromDays(1),
                SampleLatency = true,
                // every event sampled, so the histogram must count every output; the default samples one event in
                // OutputLatencySampler.DefaultSampleEvery, whose exact split ExecutorRingHandlerTests checks
                LatencySampleEvery = 1,
            };
            // as te run --metrics 127.0.0.1:0 composes it: the endpoint first, the engine attached once started
            await using var metrics = new LiveEngineMetrics(options);
            await using var endpoint = MetricsEndpoint.Start(new MetricsAddress(IPAddress.Loopback, 0), metrics);
            using var http = new HttpClient { BaseAddress = new Uri($"http://{endpoint.Address}/") };
            using (var starting = await http.GetAsync("readyz", Ct))
                Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
            using (var alive = await http.GetAsync("healthz", Ct))
                Assert.Equal(HttpStatusCode.OK, alive.StatusCode);

            var engine = await NatsLiveEngine.StartAsync(options, Ct);
            metrics.Attach(engine);
            await using (engine)
            {
                using (var ready = await http.GetAsync("readyz", Ct))
                    Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                await using var feeder = new NatsConnection(new NatsEndpoint { Url = Services.NatsUrl, Name = "te-metrics-feed" }.ToNatsOpts());
                // the bad ones first (so no good tick sets the order guard), each reason once, MalformedJson three times
                var bad = samples.BadMessages().Where(m => SentReasons.Contains(m.Reason)).ToList();
                Assert.Equal(SentReasons.Length, bad.Count);
                foreach (var (subject, payload, _) in bad)
                    await feeder.PublishAsync(subject, payload, cancellationToken: Ct);
                var malformed = bad.Single(m => m.Reason == RejectReason.MalformedJson);
                for (var i = 0; i < 2; i++)
                    await feeder.PublishAsync(malformed.Subject, malformed.Payload, cancellationToken: Ct);
                // Tuesday 2023-12-26 from 14:35 UTC, a tick a second: five 1m candles close, with their indicators
                var t0 = new DateTime(2023, 12, 26, 14, 35, 0, DateTimeKind.Utc);
                for (var i = 0; i < GoodTicks; i++)
                {
                    var time = (t0 + TimeSpan.FromSeconds(i)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                    var price = (470m + 0.01m * ((i * 7) % 41)).ToString(CultureInfo.InvariantCulture);
                    await feeder.PublishAsync(NatsSubjects.TicksRaw(symbol), NatsInputSamples.Utf8(samples.TickJson(time, price, "100")), cancellationToken: Ct);
                }
                await feeder.PingAsync(Ct);
                await Eventually.TrueAsync(() => engine.Executor.Counters.Sample().Ticks == GoodTicks && engine.Ingestion.RejectedTotal == SentReasons.Length + 2,
                    TimeSpan.FromSeconds(30), () => $"{engine.Executor.Counters.Sample().Ticks} of {GoodTicks} ticks; {engine.Ingestion}");
                Assert.All(engine.Host.Outputs, o => Assert.True(o.WaitUntilDrained(TimeSpan.FromSeconds(30))));

                var text = await http.GetStringAsync("metrics", Ct);
                var scrape = PrometheusScrape.Parse(text);
                TestContext.Current.TestOutputHelper?.WriteLine(text);

                Assert.Equal(GoodTicks, scrape.Value("te_input_accepted_total", ("kind", "tick")));
                Assert.Equal(GoodTicks + SentReasons.Length + 2, scrape.Value("te_input_received_total"));
                foreach (var reason in Enum.GetValues<RejectReason>().Where(r => r != RejectReason.None))
                {
                    var expected = reason == RejectReason.MalformedJson ? 3 : SentReasons.Contains(reason) ? 1 : 0;
                    Assert.True(expected == scrape.Value("te_input_rejected_total", ("reason", reason.ToString())), $"{reason}: expected {expected}, scraped {scrape.Value("te_input_rejected_total", ("reason", reason.ToString()))}");
                    Assert.Equal(expected, scrape.Sum("te_input_rejected_by_symbol_total", ("symbol", symbol), ("reason", reason.ToString())));
                }
                Assert.Equal(SentReasons.Length + 2, scrape.Value("te_dead_letters_total"));
                Assert.Equal(GoodTicks, scrape.Value("te_executor_events_total", ("executor", "a"), ("kind", "tick")));
                Assert.Equal(GoodTicks, scrape.Value("te_symbol_events_total", ("symbol", symbol)));
                Assert.Equal(GoodTicks, scrape.Value("te_journal_sequence", ("executor", "a")));
                Assert.True(scrape.Value("te_journal_bytes_total", ("executor", "a")) > 0);

                // every output measured: the histogram's count is the executor's outputs, which the publisher sent internally
                var outputs = scrape.Value("te_executor_outputs_total", ("executor", "a"));
                Assert.True(outputs > 0, "the ticks made no output");
                Assert.Equal(outputs, scrape.Value("te_tick_to_output_latency_seconds_count", ("executor", "a")));
                Assert.Equal(outputs, scrape.Value("te_tick_to_output_latency_seconds_bucket", ("executor", "a"), ("le", "+Inf")));
                Assert.Equal(0, scrape.Value("te_latency_dropped_outputs_total", ("executor", "a")));
                Assert.Equal(0, scrape.Value("te_latency_unmeasured_outputs_total", ("executor", "a")));
                Assert.Equal(0, scrape.Value("te_latency_unsampled_outputs_total", ("executor", "a")));
                Assert.Equal(1, scrape.Value("te_latency_sample_every_events", ("executor", "a")));
                Assert.Equal(engine.OutputRing.Cursor.Value + 1, outputs); // what entered the publisher's ring, counted apart
                var p50 = scrape.Value("te_tick_to_output_latency_quantile_seconds", ("executor", "a"), ("quantile", "0.5"));
                Assert.InRange(p50, 1e-9, 10);
                Assert.Equal("histogram", scrape.Types["te_tick_to_output_latency_seconds"]);

                // the rings: sizes as configured, occupancy and each consumer's lag inside them
                Assert.Equal(InputRingSize, scrape.Value("te_ring_size", ("ring", "input:a")));
                foreach (var ring in scrape.Find("te_ring_size"))
                {
                    var occupancy = scrape.Value("te_ring_occupancy", ("ring", ring.Label("ring")));
                    Assert.InRange(occupancy, 0, ring.Value);
                    Assert.All(scrape.Find("te_ring_consumer_lag", ("ring", ring.Label("ring"))), lag => Assert.InRange(lag.Value, 0, ring.Value));
                }
                Assert.Equal(["executor:a", "journaler"], scrape.Find("te_ring_consumer_lag", ("ring", "input:a")).Select(s => s.Label("consumer")).Order());
                Assert.Equal(1, scrape.Value("te_nats_connected", ("connection", "external")));
                Assert.Equal(0, scrape.Value("te_nats_slow_consumer_drops_total"));
                Assert.Equal(3, scrape.Find("dotnet_gc_collections_total").Count());
                Assert.True(scrape.Value("process_resident_memory_bytes") > 0);
                Assert.All(scrape.Samples, s => Assert.True(scrape.Types.ContainsKey(s.Name) || scrape.Types.ContainsKey(Family(s.Name)), $"{s.Name} has no # TYPE"));

                using var healthy = await http.GetAsync("healthz", Ct);
                Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
                metrics.MarkStopping();
                using var stopping = await http.GetAsync("readyz", Ct);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, stopping.StatusCode);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// te run with <c>--jetstream</c> and <c>--pg</c> on a nats-server and a database of the test's own: the JetStream
    /// consumer's pending and ack floor, the database sink (rows, watermark lag in rows and in event time, spill bytes,
    /// outage seconds), the journal's append and fsync histograms, and every metric of te run the Grafana dashboard queries.
    /// </summary>
    [Fact]
    public async Task With_jetstream_and_the_database_sink_the_consumer_the_sink_and_the_journal_histograms_are_scraped_and_every_dashboard_query_finds_its_metric()
    {
        await using var server = await NatsServerProcess.StartAsync();
        await using var db = await TestDatabase.CreateAsync();
        var samples = new NatsInputSamples();
        var symbol = samples.Symbol;
        var dir = Directory.CreateTempSubdirectory("te-metrics-js-").FullName;
        try
        {
            var instruments = await EquityInstrumentFile.WriteAsync(dir, [symbol], Ct);
            var pipeline = Path.Combine(TestData.RepositoryRoot(), "pipelines", "us_equity.yaml");
            var config = await HostConfigFile.WriteAsync(dir, instruments, InputRingSize, [("a", symbol, pipeline)], Ct);
            var spill = Path.Combine(dir, "spill");
            var options = new NatsLiveEngineOptions
            {
                Config = config,
                JournalDirectory = Path.Combine(dir, "journal"),
                External = new NatsEndpoint { Url = server.Url, Name = "te-metrics-js" },
                JetStream = true,
                ClockInterval = TimeSpan.Zero,
                OutOfOrderTolerance = TimeSpan.FromDays(1),
                SampleLatency = true,
                Timescale = db.Options() with { SpillDirectory = spill },
            };
            await using var metrics = new LiveEngineMetrics(options);
            await using var endpoint = MetricsEndpoint.Start(new MetricsAddress(IPAddress.Loopback, 0), metrics);
            using var http = new HttpClient { BaseAddress = new Uri($"http://{endpoint.Address}/") };
            var t0 = new DateTime(2023, 12, 26, 14, 35, 0, DateTimeKind.Utc);
            var engine = await NatsLiveEngine.StartAsync(options, Ct);
            metrics.Attach(engine);
            await using (engine)
            {
                await using var feeder = new NatsConnection(new NatsEndpoint { Url = server.Url, Name = "te-metrics-js-feed" }.ToNatsOpts());
                for (var i = 0; i < GoodTicks; i++)
                {
                    var time = (t0 + TimeSpan.FromSeconds(i)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                    var price = (470m + 0.01m * ((i * 7) % 41)).ToString(CultureInfo.InvariantCulture);
                    await feeder.PublishAsync(NatsSubjects.TicksRaw(symbol), NatsInputSamples.Utf8(samples.TickJson(time, price, "100")), cancellationToken: Ct);
                }
                await feeder.PingAsync(Ct);
                await Eventually.TrueAsync(() => engine.Executor.Counters.Sample().Ticks == GoodTicks, TimeSpan.FromSeconds(30),
                    () => $"{engine.Executor.Counters.Sample().Ticks} of {GoodTicks} ticks; {engine.Ingestion}");
                // the consumer's state is asked every 2 s: wait until the server reports every message acked
                PrometheusScrape scrape = null!;
                await Eventually.TrueAsync(async () =>
                {
                    scrape = PrometheusScrape.Parse(await http.GetStringAsync("metrics", Ct));
                    return scrape.Find("te_jetstream_consumer_ack_floor").Any(s => s.Value == GoodTicks);
                }, TimeSpan.FromSeconds(60), () => $"ack floor {string.Join(",", scrape?.Find("te_jetstream_consumer_ack_floor").Select(s => s.Value) ?? [])}");
                TestContext.Current.TestOutputHelper?.WriteLine(await http.GetStringAsync("metrics", Ct));

                Assert.Equal(0, scrape.Value("te_jetstream_consumer_pending", ("consumer", options.ConsumerName)));
                Assert.Equal(0, scrape.Value("te_jetstream_consumer_ack_pending", ("consumer", options.ConsumerName)));
                Assert.Equal(GoodTicks, scrape.Value("te_jetstream_consumer_ack_floor", ("consumer", options.ConsumerName)));
                Assert.Equal(0, scrape.Value("te_jetstream_consumer_info_errors_total"));
                Assert.Equal(0, scrape.Value("te_nats_slow_consumer_drops_total"));
                Assert.Equal(1, scrape.Value("te_sink_connected"));
                Assert.InRange(scrape.Value("te_sink_outage_seconds_total"), 0, 1); // at most the first connect's wait

                // the journal's latencies: one observation per frame written and per fsync
                var journal = engine.Journals[0];
                Assert.True(journal.FramesWritten > 0);
                Assert.Equal(journal.FramesWritten, scrape.Value("te_journal_append_seconds_count", ("executor", "a")));
                Assert.Equal(journal.FramesWritten, scrape.Value("te_journal_append_seconds_bucket", ("executor", "a"), ("le", "+Inf")));
                Assert.Equal(journal.Syncs, scrape.Value("te_journal_fsync_seconds_count", ("executor", "a")));
                Assert.Equal("histogram", scrape.Types["te_journal_append_seconds"]);
                Assert.Equal("histogram", scrape.Types["te_journal_fsync_seconds"]);
                Assert.InRange(scrape.Value("te_journal_append_quantile_seconds", ("executor", "a"), ("quantile", "0.99")), 1e-9, 10);
                Assert.Equal(0, scrape.Value("te_journal_append_dropped_samples_total", ("executor", "a")));

                // every metric of te run the dashboard queries is a family of this scrape (other roles' and the live
                // clock's are not te run's with these options; GrafanaDashboardTests checks those against the source)
                var missing = DashboardMetrics().Where(m => !OtherRoles().IsMatch(m) && !scrape.Types.ContainsKey(m)).ToList();
                Assert.True(missing.Count == 0, $"the dashboard queries metrics te run did not export: {string.Join(", ", missing)}");
            }
            // stopped: the rings handed the sink their last rows and it committed them; the sink's figures stay scrapeable
            var stopped = PrometheusScrape.Parse(await http.GetStringAsync("metrics", Ct));
            var accepted = stopped.Value("te_sink_rows_accepted_total");
            Assert.True(accepted > GoodTicks, $"{accepted} rows accepted: the ticks and their outputs");
            Assert.Equal(accepted, stopped.Value("te_sink_rows_written_total"));
            Assert.Equal(0, stopped.Value("te_sink_buffered_rows"));
            Assert.Equal(0, stopped.Value("te_sink_watermark_lag_seconds"));
            var lastTick = (t0 + TimeSpan.FromSeconds(GoodTicks - 1) - DateTime.UnixEpoch).TotalSeconds;
            Assert.Equal(lastTick, stopped.Value("te_sink_committed_event_time_seconds"), 6);
            Assert.Equal(0, stopped.Value("te_sink_spill_bytes"));
            Assert.Equal(0, stopped.Value("te_sink_spilled_rows_total"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Every metric name in infra/grafana/trading-engine.json's queries (histogram suffixes removed).</summary>
    private static IEnumerable<string> DashboardMetrics()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepositoryRoot(), "infra", "grafana", "trading-engine.json")));
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var panel in json.RootElement.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                foreach (Match m in MetricName().Matches(target.GetProperty("expr").GetString()!))
                    names.Add(Family(m.Value));
            }
        }
        return names;
    }

    [GeneratedRegex(@"\b(?:te|process|dotnet)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^te_(?:gateway|dashboard|clock)_|^te_sink_frames_")]
    private static partial Regex OtherRoles();

    private static string Family(string sample)
    {
        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal))
                return sample[..^suffix.Length];
        }
        return sample;
    }
}
