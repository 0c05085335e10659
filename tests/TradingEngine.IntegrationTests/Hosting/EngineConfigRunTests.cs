using TradingEngine.Hosting;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NATS.Client.Core;
using TradingEngine.Cli.Commands;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Hosting;

/// <summary>
/// <c>te run --config</c>: one executor per engine-config entry, each running its own symbols' pipelines on its own
/// thread, all fed from one input ring and publishing into one output ring. A futures symbol on es_futures.yaml and an
/// equity on us_equity.yaml (symbols unique to the test) get their candles, each executor counts only its own events,
/// and published node outputs are named from the pipeline of their own symbol.
/// </summary>
public sealed class EngineConfigRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_engine_config_entry_runs_its_own_executor_and_pipelines_and_outputs_are_named_per_symbol_pipeline()
    {
        await using var client = await Services.RequireNatsAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var future = "F" + suffix;
        var equity = "E" + suffix;
        var dir = Directory.CreateTempSubdirectory("te-engine-config-").FullName;
        try
        {
            var repo = TestData.RepositoryRoot();
            await File.WriteAllTextAsync(Path.Combine(dir, "instruments.yaml"), $"""
                unknown_symbols: reject
                sessions:
                  cme_globex:
                    time_zone: America/Chicago
                    open: "17:00"
                    close: "16:00"
                    anchor: "17:00"
                  us_equities:
                    time_zone: America/New_York
                    open: "09:30"
                    close: "16:00"
                    anchor: "09:30"
                instruments:
                  - symbol: {future}
                    tick_size: 0.25
                    price_precision: 2
                    size_precision: 0
                    point_value: 50
                    currency: USD
                    session: cme_globex
                  - symbol: {equity}
                    tick_size: 0.01
                    price_precision: 4
                    size_precision: 0
                    point_value: 1
                    currency: USD
                    session: us_equities
                """, Ct);
            var configPath = Path.Combine(dir, "engine.yaml");
            await File.WriteAllTextAsync(configPath, $"""
                instruments: instruments.yaml
                input_ring:
                  size: 4096
                  wait: blocking
                output_ring:
                  size: 4096
                  wait: blocking
                counters_interval_seconds: 0
                executors:
                  - name: futures
                    cpu: 0
                    symbols:
                      - symbol: {future}
                        pipeline: {Path.Combine(repo, "pipelines", "es_futures.yaml")}
                  - name: equities
                    symbols:
                      - symbol: "E{suffix[..3]}*"
                        pipeline: {Path.Combine(repo, "pipelines", "us_equity.yaml")}
                """, Ct);
            var config = EngineConfigLoader.LoadFile(configPath);

            var received = new ConcurrentQueue<NatsMsg<byte[]>>();
            var subscriptions = new List<INatsSub<byte[]>>();
            foreach (var s in new[] { future, equity })
            {
                subscriptions.Add(await client.SubscribeCoreAsync<byte[]>($"candles.internal.{s}.>", cancellationToken: Ct));
                subscriptions.Add(await client.SubscribeCoreAsync<byte[]>($"indicators.public.{s}.>", cancellationToken: Ct));
            }
            var loops = subscriptions.Select(sub => Task.Run(async () =>
            {
                await foreach (var m in sub.Msgs.ReadAllAsync(Ct))
                    received.Enqueue(m);
            }, Ct)).ToArray();
            await client.PingAsync(Ct);

            var engine = await NatsLiveEngine.StartAsync(new NatsLiveEngineOptions
            {
                Config = config,
                JournalDirectory = Path.Combine(dir, "journal"),
                External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-engine-config-test" },
                OutOfOrderTolerance = TimeSpan.FromMinutes(1),
            }, Ct);
            const int perSymbol = 600;
            await using (engine)
            {
                Assert.Equal(["futures", "equities"], engine.Engines.Executors.Select(e => e.Config.Name));
                Assert.Equal([future], engine.Engines.Executors[0].Symbols);
                Assert.Equal([equity], engine.Engines.Executors[1].Symbols);
                Assert.Equal("executor:futures", engine.Engines.Executors[0].ThreadName);

                // 10 minutes of one tick a second for each symbol, interleaved as a feed would deliver them (Tuesday
                // 2023-12-26 14:35 UTC: inside both sessions)
                await using var feeder = new NatsConnection(new NatsEndpoint { Url = Services.NatsUrl, Name = "te-engine-config-feed" }.ToNatsOpts());
                var t0 = new DateTime(2023, 12, 26, 14, 35, 0, DateTimeKind.Utc);
                for (var i = 0; i < perSymbol; i++)
                {
                    var time = (t0 + TimeSpan.FromSeconds(i)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                    var es = (4760m + (0.25m * ((i * 7) % 23))).ToString(CultureInfo.InvariantCulture);
                    var spy = (470m + (0.01m * ((i * 5) % 31))).ToString(CultureInfo.InvariantCulture);
                    await feeder.PublishAsync(NatsSubjects.TicksRaw(future), Tick(future, time, es, "2"), cancellationToken: Ct);
                    await feeder.PublishAsync(NatsSubjects.TicksRaw(equity), Tick(equity, time, spy, "100"), cancellationToken: Ct);
                }
                await feeder.PingAsync(Ct);
                var ingestion = engine.Ingestion;
                await Eventually.TrueAsync(() => ingestion.AcceptedTotal == 2 * perSymbol, TimeSpan.FromSeconds(30), () => $"{ingestion}");
                await Eventually.TrueAsync(
                    () => engine.Engines.Executors.All(e => e.Executor.Counters.Sample().Ticks == perSymbol),
                    TimeSpan.FromSeconds(30),
                    () => string.Join("; ", engine.Engines.Executors.Select(e => $"{e.Config.Name}: {e.Executor.Counters.Sample().Ticks} ticks")));
            }
            var published = engine.Publisher.Counters;
            await client.PingAsync(Ct);
            // every candle the engine published internally has arrived once the count stops moving after a ping
            var settled = -1;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (true)
            {
                await client.PingAsync(Ct);
                await Task.Delay(300, Ct);
                var now = received.Count(m => m.Subject.StartsWith("candles.internal.", StringComparison.Ordinal));
                if (now > 0 && now == settled)
                    break;
                Assert.True(DateTime.UtcNow < deadline, $"{received.Count} received; {published}");
                settled = now;
            }

            foreach (var e in engine.Engines.Executors)
            {
                var counters = e.Executor.Counters.Sample();
                Assert.Equal(perSymbol, counters.Ticks); // its own symbol's ticks, nothing of the other executor's
                Assert.Equal(0, counters.UnknownSymbols);
                Assert.Equal(0, counters.NodeFailures);
            }

            var messages = received.ToArray();
            // 1m candles of both symbols: the ticks span 10 minutes
            Assert.True(messages.Count(m => m.Subject == $"candles.internal.{future}.1m") >= 8, Subjects(messages));
            Assert.True(messages.Count(m => m.Subject == $"candles.internal.{equity}.1m") >= 8, Subjects(messages));

            // node outputs take the names of their own symbol's pipeline
            var futureNodes = PipelineLoader.LoadFile(Path.Combine(TestData.RepositoryRoot(), "pipelines", "es_futures.yaml")).Nodes.Select(n => n.Id).ToHashSet();
            var equityNodes = PipelineLoader.LoadFile(Path.Combine(TestData.RepositoryRoot(), "pipelines", "us_equity.yaml")).Nodes.Select(n => n.Id).ToHashSet();
            var futureIndicators = NodeIds(messages, future);
            var equityIndicators = NodeIds(messages, equity);
            Assert.NotEmpty(futureIndicators);
            Assert.NotEmpty(equityIndicators);
            Assert.All(futureIndicators, id => Assert.Contains(id, futureNodes));
            Assert.All(equityIndicators, id => Assert.Contains(id, equityNodes));
            // and at least one of each is a node only its own pipeline has (a single routing table would misname it)
            Assert.True(futureIndicators.Any(id => !equityNodes.Contains(id)), $"{future}: {string.Join(",", futureIndicators)}");
            Assert.True(equityIndicators.Any(id => !futureNodes.Contains(id)), $"{equity}: {string.Join(",", equityIndicators)}");
            Assert.Equal(0, published.Failures);

            // the journal the two executors shared replays, with the same config, to the same candles per symbol
            var replayed = Path.Combine(dir, "replay.jsonl");
            TradingEngine.Hosting.Replay.ReplayRunner.Run(new TradingEngine.Hosting.Replay.ReplayOptions
            {
                Source = TradingEngine.Hosting.Replay.ReplaySource.Journal,
                JournalDirectory = Path.Combine(dir, "journal"),
                ConfigPath = configPath,
                OutPath = replayed,
            });
            var lines = await File.ReadAllLinesAsync(replayed, Ct);
            foreach (var s in new[] { future, equity })
            {
                var live = messages.Count(m => m.Subject.StartsWith($"candles.internal.{s}.", StringComparison.Ordinal));
                // the replay's end of input closed the candles live still has forming: compare without them, by their mark
                var replay = lines.Count(l => l.Contains("\"type\":\"candle\"", StringComparison.Ordinal) && l.Contains($"\"symbol\":\"{s}\"", StringComparison.Ordinal)
                    && !l.Contains("\"end_of_data\":true", StringComparison.Ordinal));
                Assert.True(live > 0, s);
                Assert.Equal(live, replay);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_config_pinning_an_executor_to_a_cpu_this_process_cannot_use_is_refused_with_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory("te-engine-config-cpu-").FullName;
        try
        {
            var repo = TestData.RepositoryRoot();
            var configPath = Path.Combine(dir, "engine.yaml");
            await File.WriteAllTextAsync(configPath, $"""
                instruments: {Path.Combine(repo, "pipelines", "instruments.yaml")}
                executors:
                  - name: futures
                    cpu: 4095
                    symbols:
                      - symbol: ES
                        pipeline: {Path.Combine(repo, "pipelines", "es_futures.yaml")}
                """, Ct);
            var error = await Assert.ThrowsAsync<PipelineException>(() => NatsLiveEngine.StartAsync(new NatsLiveEngineOptions
            {
                Config = EngineConfigLoader.LoadFile(configPath),
                JournalDirectory = Path.Combine(dir, "journal"),
                External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-engine-config-cpu" },
            }, Ct));
            Assert.Contains($"{configPath}:", error.Message, StringComparison.Ordinal);
            Assert.Contains("cpu 4095", error.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir, "journal")), "nothing is opened before the config is checked");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static byte[] Tick(string symbol, string time, string price, string size) => Encoding.UTF8.GetBytes(
        $$$"""{"schema_version":1,"type":"tick","symbol":"{{{symbol}}}","timestamp":"{{{time}}}","timeframe":null,"data":{"price":{{{price}}},"size":{{{size}}}}}""");

    private static HashSet<string> NodeIds(NatsMsg<byte[]>[] messages, string symbol)
    {
        var prefix = $"indicators.public.{symbol}.";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in messages.Where(m => m.Subject.StartsWith(prefix, StringComparison.Ordinal)))
        {
            // node_value subjects carry {node} or {node}-{port}; the message's own metadata names the node
            using var json = JsonDocument.Parse(m.Data!);
            var id = m.Subject[prefix.Length..];
            var dash = id.IndexOf('-', StringComparison.Ordinal);
            ids.Add(dash > 0 && json.RootElement.GetProperty("type").GetString() == "node_value" ? id[..dash] : id);
        }
        return ids;
    }

    private static string Subjects(NatsMsg<byte[]>[] messages) =>
        string.Join(", ", messages.GroupBy(m => m.Subject).Select(g => $"{g.Key}×{g.Count()}"));
}
