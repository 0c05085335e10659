using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.ObjectStore;
using TradingEngine.Feeder;
using TradingEngine.Gateway;
using TradingEngine.Hosting.Replay;
using TradingEngine.Hosting.Serving;
using TradingEngine.IntegrationTests.Feeder;
using TradingEngine.IntegrationTests.Gateway;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Recovery;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.IntegrationTests.Timescale;
using TradingEngine.Journal;

namespace TradingEngine.IntegrationTests.Serving;

/// <summary>
/// The whole distributed deployment of issue 25 on one box (docs/scaling.md, "The full topology on a cluster"): a 3-node
/// nats-server cluster on loopback (real routes, every stream R3), the gateway fed over HTTP by the feeder core, the
/// aggregator, two executor groups (<c>es</c>, <c>other</c>: one symbol each), the sink into PostgreSQL and the publisher,
/// each a <c>te serve</c> process. Real ES trades for both symbols. Mid-stream a NATS node is killed (SIGKILL), then the
/// <c>es</c> executor (SIGKILL); the ticks go on while it is down; it is started again on a fresh state directory and
/// restores its snapshot from the bus. Then the public outputs (the publisher's JSON), deduplicated by their ids, equal
/// a single-process <c>te replay</c> of the same ticks; each group's stream holds every tick once and its journals hold
/// every stream sequence once.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class ScaleBySymbolClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Real ES trades per symbol (each sent for both): about 40 one-minute candles of the evening session.</summary>
    private const int PerSymbol = 2000;

    private static readonly string[] s_public = ["candles.public.>", "indicators.public.>", "market_structure.>", "strategies.>"];

    // Found "output GFC8F34/1/0 published twice with different content" (node 0's 4800.25, then node 2's 0) on
    // 2026-12-07: te publish numbered outputs in arrival order, and the aggregator's candles (source sequence 0) arriving
    // between two outputs of one executor event restarted the count. The id now travels in the frame (binary version 4,
    // the executor's numbering): ExternalPublisherIdTests reproduces the fault in 4 s.
    [Fact]
    public async Task Full_topology_on_a_three_node_cluster_equals_a_single_process_replay_across_a_nats_node_and_an_executor_killed()
    {
        var watch = Stopwatch.StartNew();
        var log = new List<string>();
        var trades = ServeFixture.EsTrades(PerSymbol);
        using var fixture = new ServeFixture();
        await using var db = await TestDatabase.CreateAsync();
        await using var cluster = await LoopbackNatsCluster.StartAsync();
        // every role and the test's subscriber on node 0; the node killed is another one (below)
        await using var client = cluster.Connect(0);
        var js = new NatsJSContext(client);
        var nats = cluster.Nodes[0].Url;
        await using var recorder = await PublicRecorder.StartAsync(client);

        string[] Executor(string group, string node) =>
        [
            "--config", fixture.ConfigPath, "--group", group, "--nats", nats, "--stream-replicas", "3", "--stats-interval", "0",
            "--publisher-stall-timeout", "1m", "--journal", Path.Combine(fixture.Directory, node, "journal"),
            "--snapshots", Path.Combine(fixture.Directory, node, "snapshots"), "--recover",
            "--snapshot-every", "500", "--snapshot-interval", "1000d", "--snapshot-bucket", SnapshotBus.DefaultBucket,
        ];
        var (esA, _) = await ServeFixture.StartRoleAsync("executor", Executor("es", "a"));
        using var esAProcess = esA;
        var (other, _) = await ServeFixture.StartRoleAsync("executor", Executor("other", "a"));
        using var otherProcess = other;
        var (aggregator, _) = await ServeFixture.StartRoleAsync("aggregator", "--config", fixture.ConfigPath, "--journal", fixture.JournalRoot, "--nats", nats, "--stats-interval", "0");
        using var aggregatorProcess = aggregator;
        var (publisher, _) = await ServeFixture.StartRoleAsync("publisher", "--nats", nats);
        using var publisherProcess = publisher;
        var (sink, _) = await ServeFixture.StartRoleAsync("sink", "--config", fixture.ConfigPath, "--nats", nats, "--pg", db.ConnectionString);
        using var sinkProcess = sink;
        var gatewayPort = NatsServerProcess.FreePort();
        var gatewayConfig = Path.Combine(fixture.Directory, "gateway.json");
        await File.WriteAllTextAsync(gatewayConfig, $$"""
            { "stream": "TE_IN_ES", "max_rows": 2000, "mark_replicas": 3, "urls": ["http://127.0.0.1:{{gatewayPort}}"],
              "feeders": [ { "id": "{{GatewayHarness.FeederA}}", "token_sha256": "{{FeederCredential.Hash(GatewayHarness.TokenA)}}", "symbols": ["{{fixture.Es}}", "{{fixture.Other}}"] } ] }
            """, Ct);
        var (gateway, _) = await ServeFixture.StartRoleAsync("gateway", "--config", gatewayConfig, "--nats", nats);
        using var gatewayProcess = gateway;
        log.Add($"cluster and 6 roles ready after {watch.Elapsed.TotalSeconds:F1} s");

        // both symbols interleaved as one feeder sends them, one batch in flight (order kept across retries)
        var events = trades.SelectMany(t => new[] { Feed(fixture.Es, t), Feed(fixture.Other, t) }).ToList();
        var feederOptions = FeederFixture.Options(new Uri($"http://127.0.0.1:{gatewayPort}"), fixture.Directory);
        feederOptions.MaxInFlight = 1;
        using var feeder = new MarketDataFeeder(feederOptions);
        void Send(int from, int to)
        {
            for (var i = from; i < to; i++)
                Assert.True(feeder.TryEnqueue(events[i]), $"the feeder's queue refused event {i}");
        }
        var third = events.Count / 3;
        Send(0, third);
        Assert.True(feeder.WaitUntilIdle(TimeSpan.FromSeconds(60)), $"first third not delivered: {feeder.Stats}\n{gateway.Output}");
        // a snapshot of the es group in the bucket before the kill: the restore starts from it
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                var store = await new NatsObjContext(js).GetObjectStoreAsync(SnapshotBus.DefaultBucket, Ct);
                await store.GetInfoAsync(SnapshotBus.ObjectNameOf("es"), cancellationToken: Ct);
                return true;
            }
            catch (Exception ex) when (ex is NatsJSApiException or NatsObjNotFoundException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), () => $"no snapshot of es in the bucket\n{esA.Output}");
        // the node to kill: not node 0 (the clients'), and it leads no replicated stream when it dies (a leader's death
        // is NatsClusterTests'; here the roles must see no hole). Every stream and bucket is R3, the gateway's marks too
        // ("mark_replicas": 3; it was R1, and its one peer could not be the one killed)
        const int victim = 2;
        foreach (var stream in new[] { "TE_IN_ES", "TE_IN_OTHER", $"OBJ_{SnapshotBus.DefaultBucket}", "KV_TE_GATEWAY_MARKS" })
            await Eventually.TrueAsync(async () => (await js.GetStreamAsync(stream, cancellationToken: Ct)).Info.Config.NumReplicas == 3, TimeSpan.FromSeconds(30), () => stream);
        await LoopbackNatsCluster.MoveLeadersOffAsync(client, victim);

        await cluster.Nodes[victim].StopAsync();
        log.Add($"n{victim} killed after {third} of {events.Count} events ({watch.Elapsed.TotalSeconds:F1} s)");
        Send(third, 2 * third);
        await Task.Delay(300, Ct); // mid-stream: the second third in flight
        esA.Kill();
        log.Add($"executor es killed ({watch.Elapsed.TotalSeconds:F1} s)");
        Send(2 * third, events.Count);
        Assert.True(feeder.WaitUntilIdle(TimeSpan.FromSeconds(90)), $"not delivered: {feeder.Stats}\n{gateway.Output}");

        // es on another node: a fresh state directory, its snapshot from the bus. It creates its durable again, which
        // takes the cluster's meta leader: wait until the two nodes left have one (the killed node may have been it;
        // an executor started before exits on "No API response")
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await js.GetAccountInfoAsync(Ct); // answered by the meta leader
                return true;
            }
            catch (Exception ex) when (ex is NatsJSException or NatsException or TimeoutException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), () => "no JetStream meta leader on the two nodes left");
        // A start that fails on the bus (a JetStream API call unanswered while the cluster settles after the node's
        // death) exits non-zero; like Kubernetes, the test starts it again, at most 3 times, and says so.
        TeChildProcess? started = null;
        for (var attempt = 1; started is null; attempt++)
        {
            try
            {
                (started, _) = await ServeFixture.StartRoleAsync("executor", Executor("es", "b"));
            }
            catch (Xunit.Sdk.XunitException ex) when (attempt < 3)
            {
                log.Add($"executor es (b): start {attempt} failed, started again: {ex.Message.Split('\n').FirstOrDefault(l => l.Contains("exception", StringComparison.OrdinalIgnoreCase))}");
            }
        }
        var esB = started;
        using var esBProcess = esB;
        await Acked(js, "es", PerSymbol, esB);
        await Acked(js, "other", PerSymbol, other);
        var beforeStop = (await recorder.SettledAsync()).Count;
        log.Add($"everything acked and settled after {watch.Elapsed.TotalSeconds:F1} s ({beforeStop} public outputs); feeder: {feeder.Stats}");
        // the executors stop first (a clean stop hands over what their output rings hold), then what republishes them
        foreach (var (name, role) in new[] { ("es (b)", esB), ("other", other) })
            Assert.True(role.Interrupt(TimeSpan.FromSeconds(60)) == 0, $"te serve {name} did not exit 0:\n{role.Output}");
        var live = await recorder.SettledAsync();
        log.Add($"{live.Count - beforeStop} public outputs arrived only once the executors stopped");
        foreach (var (name, role) in new[] { ("aggregator", aggregator), ("publisher", publisher), ("sink", sink), ("gateway", gateway) })
            Assert.True(role.Interrupt(TimeSpan.FromSeconds(60)) == 0, $"te serve {name} did not exit 0:\n{role.Output}");
        Assert.Contains("restored from the bus", esB.Output, StringComparison.Ordinal);
        Assert.Contains($"input {PerSymbol} received, {PerSymbol} accepted", other.Output, StringComparison.Ordinal);
        Assert.Contains($"input {2 * PerSymbol} received, {2 * PerSymbol} accepted", aggregator.Output, StringComparison.Ordinal);

        // each group's stream: every tick once (the gateway's retries deduplicated by id); each journal: every stream
        // sequence once, in order (es: node a's up to the kill, node b's from the snapshot on)
        foreach (var stream in new[] { "TE_IN_ES", "TE_IN_OTHER" })
            Assert.Equal((ulong)PerSymbol, (await js.GetStreamAsync(stream, cancellationToken: Ct)).Info.State.LastSeq);
        var (otherFirst, otherLast) = StreamSequences(Path.Combine(fixture.Directory, "a", "journal", "other"));
        Assert.Equal((1, PerSymbol), (otherFirst, otherLast));
        var (aFirst, aLast) = StreamSequences(Path.Combine(fixture.Directory, "a", "journal", "es"));
        var (bFirst, bLast) = StreamSequences(Path.Combine(fixture.Directory, "b", "journal", "es"));
        Assert.True(aFirst == 1 && bFirst <= aLast + 1 && bLast == PerSymbol,
            $"es journals: node a {aFirst}..{aLast}, node b {bFirst}..{bLast}: a hole or a missing end");
        log.Add($"es: node a journaled 1..{aLast}, node b restored the snapshot at {bFirst - 1} and journaled {bFirst}..{bLast}");

        // the reference: one process replaying the same ticks (the aggregator's journal holds both symbols' ticks, each once)
        var replayed = Path.Combine(fixture.Directory, "replay.jsonl");
        ReplayRunner.Run(new ReplayOptions
        {
            Source = ReplaySource.Journal, JournalDirectory = Path.Combine(fixture.JournalRoot, "aggregator"), ConfigPath = fixture.ConfigPath, OutPath = replayed,
        });
        // the replay's end of input closes the forming candles (end_of_data) and runs the nodes on them: a live run that
        // goes on has not done that yet, so what the replay writes from its first end_of_data candle on is left out
        var replayLines = (await File.ReadAllLinesAsync(replayed, Ct)).Where(l => l.Length > 0).ToList();
        var end = replayLines.FindIndex(l => l.Contains("\"end_of_data\":true", StringComparison.Ordinal));
        var reference = (end < 0 ? replayLines : replayLines[..end]).Select(Canonical).ToList();
        log.Add($"{replayLines.Count - reference.Count} outputs of the replay's end of input left out");
        Assert.True(reference.Count > 1000, $"only {reference.Count} outputs in the replay: the comparison would mean little");

        // live: by id (symbol, source sequence, output index); a copy is the same output again (the restored executor's
        // re-publication of what followed the snapshot)
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        var unique = new List<string>();
        var republished = 0;
        foreach (var json in live)
        {
            var canonical = Canonical(json);
            if (Id(json) is not { } id)
            {
                unique.Add(canonical);
                continue;
            }
            if (byId.TryGetValue(id, out var first))
            {
                Assert.True(first == canonical, $"output {id} published twice with different content:\n{first}\n{canonical}");
                republished++;
                continue;
            }
            byId[id] = canonical;
            unique.Add(canonical);
        }
        var missing = Except(reference, unique);
        var extra = Except(unique, reference);
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{missing.Count} outputs of the replay missing live ({string.Join(", ", missing.GroupBy(m => JsonNode.Parse(m)!["symbol"]!.GetValue<string>() + " " + JsonNode.Parse(m)!["timestamp"]!.GetValue<string>()).Select(g => $"{g.Key}: {g.Count()}"))}; first: {string.Join("\n", missing.Take(3))}),\n" +
            $"{extra.Count} live outputs the replay does not have (first: {string.Join("\n", extra.Take(3))});\n{unique.Count} live, {reference.Count} replayed\n{string.Join("\n", log)}\nes (b):\n{esB.Output}");

        // the sink stored every closed candle once (the aggregator's, on a feed of their own: with the executors' outputs
        // on one feed it kept 1 or 2 of 80, every later candle's source sequence 0 going backwards)
        var candles = reference.Count(l => l.Contains("\"type\":\"candle\"", StringComparison.Ordinal));
        var rows = await db.CountAsync("candles");
        log.Add($"sink: {rows} candle rows for {candles} candles closed");
        Assert.True(rows == candles, $"sink: {rows} candle rows for {candles} candles closed\n{sink.Output}\n{string.Join("\n", log)}");
        log.Add($"{reference.Count} outputs equal the replay's ({candles} candles); {republished} re-published by the restored executor (same content); {watch.Elapsed.TotalSeconds:F1} s in all");
        foreach (var line in log)
            TestContext.Current.TestOutputHelper?.WriteLine(line);
    }

    private static FeedEvent Feed(string symbol, (string Time, string Price, string Size) trade)
    {
        var time = DateTime.Parse(trade.Time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return FeedEvent.Trade(symbol, (time - DateTime.UnixEpoch).Ticks * 100, decimal.Parse(trade.Price, CultureInfo.InvariantCulture), decimal.Parse(trade.Size, CultureInfo.InvariantCulture));
    }

    /// <summary>The JSON without what differs between a live run and a replay of it: receive time, source, source sequence, output index.</summary>
    private static string Canonical(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        if (node["metadata"] is JsonObject metadata)
        {
            foreach (var key in new[] { "receive_time", "source", "source_sequence", "output_index" })
                metadata.Remove(key);
            if (metadata.Count == 0)
                node.Remove("metadata");
        }
        return node.ToJsonString();
    }

    /// <summary>An output's id (docs/nats.md, "Output ids"): symbol, source sequence, output index; null without one.</summary>
    private static string? Id(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (!root.TryGetProperty("metadata", out var m) || !m.TryGetProperty("source_sequence", out var sequence))
            return null;
        return $"{root.GetProperty("symbol").GetString()}/{sequence.GetInt64()}/{(m.TryGetProperty("output_index", out var index) ? index.GetInt32() : -1)}";
    }

    /// <summary>The multiset difference a − b.</summary>
    private static List<string> Except(List<string> a, List<string> b)
    {
        var counts = b.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var left = new List<string>();
        foreach (var x in a)
        {
            if (counts.TryGetValue(x, out var n) && n > 0)
                counts[x] = n - 1;
            else
                left.Add(x);
        }
        return left;
    }

    /// <summary>The first and last stream sequence of a journal, asserting each once and in order between them.</summary>
    private static (long First, long Last) StreamSequences(string directory)
    {
        using var reader = new JournalReader(directory);
        long first = 0, previous = 0;
        foreach (var _ in reader)
        {
            var source = reader.SourceSequenceAtWrite;
            Assert.True(previous == 0 || source == previous + 1, $"{directory}: journal {reader.Sequence}: stream sequence {source} after {previous}");
            if (first == 0)
                first = source;
            previous = source;
        }
        return (first, previous);
    }

    /// <summary>Waits until the group's durable has acked stream sequence <paramref name="last"/> (journaled).</summary>
    private static Task Acked(NatsJSContext js, string group, long last, TeChildProcess run) => Eventually.TrueAsync(async () =>
    {
        try
        {
            var consumer = await js.GetConsumerAsync($"TE_IN_{group.ToUpperInvariant()}", $"te-executor-{group}", Ct);
            return (long)consumer.Info.AckFloor.StreamSeq == last;
        }
        catch (Exception ex) when (ex is NatsJSException or NatsException or TimeoutException)
        {
            return false;
        }
    }, TimeSpan.FromSeconds(120), () => run.Output);

    /// <summary>Every public JSON message (the publisher's), in arrival order.</summary>
    private sealed class PublicRecorder : IAsyncDisposable
    {
        private readonly ConcurrentQueue<string> _received = new();
        private readonly List<INatsSub<byte[]>> _subs;
        private readonly Task[] _loops;

        private PublicRecorder(List<INatsSub<byte[]>> subs)
        {
            _subs = subs;
            _loops = subs.Select(sub => Task.Run(async () =>
            {
                await foreach (var m in sub.Msgs.ReadAllAsync(Ct))
                    _received.Enqueue(System.Text.Encoding.UTF8.GetString(m.Data ?? []));
            }, Ct)).ToArray();
        }

        public static async Task<PublicRecorder> StartAsync(NatsConnection client)
        {
            var subs = new List<INatsSub<byte[]>>();
            foreach (var subject in s_public)
                subs.Add(await client.SubscribeCoreAsync<byte[]>(subject, cancellationToken: Ct));
            await client.PingAsync(Ct);
            return new PublicRecorder(subs);
        }

        /// <summary>What arrived, once nothing new has for two seconds.</summary>
        public async Task<List<string>> SettledAsync()
        {
            var count = -1;
            while (_received.Count != count)
            {
                count = _received.Count;
                await Task.Delay(2000, Ct);
            }
            return [.. _received];
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var sub in _subs)
                await sub.UnsubscribeAsync();
            await Task.WhenAll(_loops);
        }
    }
}
