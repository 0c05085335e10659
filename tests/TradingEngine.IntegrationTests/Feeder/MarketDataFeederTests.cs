using System.Diagnostics;
using TradingEngine.Feeder;
using TradingEngine.Gateway;
using TradingEngine.IntegrationTests.Gateway;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Recovery;
using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests.Feeder;

/// <summary>
/// The feeder core against the real gateway (Kestrel on loopback) and a real nats-server with JetStream, with faults:
/// the gateway refused (network cut), the gateway process killed and restarted, nats-server restarted, the gateway's rate
/// limit, the feeder itself stopped with a spill and started again. Each ends with every real SPY trade in the stream
/// exactly once and in order. Fault lengths are seconds here; the benchmark (./run.sh bench gateway) has the long ones.
/// </summary>
public sealed class MarketDataFeederTests
{
    private static List<FeedEvent> Events(int count) => FeederFixture.SpyTicks(count).Select(t => FeederFixture.ToFeed(t, "SPY")).ToList();

    /// <summary>Enqueues at about <paramref name="perSecond"/> (the platform's pace), running <paramref name="fault"/> once a third is in.</summary>
    private static async Task FeedAsync(MarketDataFeeder feeder, IReadOnlyList<FeedEvent> events, int perSecond, Func<Task>? fault = null)
    {
        var clock = Stopwatch.StartNew();
        Task? faultTask = null;
        for (var i = 0; i < events.Count; i++)
        {
            Assert.True(feeder.TryEnqueue(events[i]), $"the queue refused event {i}");
            if (i == events.Count / 3 && fault is not null)
                faultTask = fault();
            var ahead = TimeSpan.FromSeconds((double)(i + 1) / perSecond) - clock.Elapsed;
            if (ahead > TimeSpan.FromMilliseconds(2))
                await Task.Delay(ahead);
        }
        if (faultTask is not null)
            await faultTask;
    }

    [Fact]
    public async Task Refused_network_spills_to_disk_then_drains_in_order_with_nothing_lost_or_doubled()
    {
        await using var h = await GatewayHarness.StartAsync(o => o with { MaxRows = 2000 });
        await using var proxy = new TogglingProxy(new Uri(h.Server!.Urls[0]).Port);
        var dir = Directory.CreateTempSubdirectory("te-feeder-").FullName;
        var events = Events(15_000);
        var maxSpill = 0;
        using (var feeder = new MarketDataFeeder(FeederFixture.Options(new Uri($"http://127.0.0.1:{proxy.Port}"), dir)))
        {
            await FeedAsync(feeder, events, 5_000, async () =>
            {
                proxy.Refuse();
                var until = Stopwatch.StartNew();
                while (until.Elapsed < TimeSpan.FromSeconds(3)) // the 30 s, shortened: the benchmark runs the full length
                {
                    maxSpill = Math.Max(maxSpill, feeder.SpillCount);
                    await Task.Delay(50);
                }
                proxy.Accept();
            });
            Assert.True(feeder.WaitUntilIdle(TimeSpan.FromSeconds(30)), $"not drained: {feeder.Stats}");
            Assert.True(maxSpill > 3, $"the feeder should have spilled while refused (max spill {maxSpill}): {feeder.Stats}");
            Assert.Equal(0, feeder.Stats.Dropped);
            Assert.Equal(0, feeder.Stats.BatchesRefused);
            Assert.True(feeder.Stats.Retries > 0, feeder.Stats.ToString());
        }
        await FeederFixture.AssertExactlyOnceAsync(h, events);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "spill"), "*.batch"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Nats_server_restarted_mid_stream_loses_and_doubles_nothing()
    {
        // acks not back within 1 s, or the publish connection lost: 503
        await using var h = await GatewayHarness.StartAsync(o => o with { MaxRows = 2000, PublishTimeout = TimeSpan.FromSeconds(1) });
        var dir = Directory.CreateTempSubdirectory("te-feeder-").FullName;
        var events = Events(15_000);
        using (var feeder = new MarketDataFeeder(FeederFixture.Options(new Uri(h.Server!.Urls[0]), dir)))
        {
            await FeedAsync(feeder, events, 5_000, async () =>
            {
                // down until the feeder has had a batch refused for it (acks not back within 1 s: 503) and retries
                await h.Nats.StopAsync();
                await Eventually.TrueAsync(() => feeder.Stats.Retries > 0, TimeSpan.FromSeconds(30), () => $"no retry while NATS was down: {feeder.Stats}");
                await h.Nats.RestartAsync();
            });
            Assert.True(feeder.WaitUntilIdle(TimeSpan.FromSeconds(40)), $"not drained: {feeder.Stats}");
            Assert.True(feeder.Stats.Retries > 0, $"the restart should have cost retries: {feeder.Stats}");
            Assert.Equal(0, feeder.Stats.BatchesRefused);
        }
        // nothing lost or doubled, in order: the gateway never reuses the connection that died, so the rows NATS.Net still
        // held are never stored ahead of the lost ones (docs/gateway.md, "Order across a nats-server restart")
        await FeederFixture.AssertExactlyOnceAsync(h, events);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Gateway_killed_and_restarted_mid_stream_loses_and_doubles_nothing()
    {
        // the harness for its nats-server, stream and reading helpers; its in-process gateway is stopped: te gateway serves
        await using var h = await GatewayHarness.StartAsync();
        await h.StopGatewayAsync();
        var dir = Directory.CreateTempSubdirectory("te-feeder-").FullName;
        var port = NatsServerProcess.FreePort();
        var config = Path.Combine(dir, "gateway.json");
        await File.WriteAllTextAsync(config, $$"""
            { "stream": "{{GatewayHarness.StreamName}}", "max_rows": 2000, "urls": ["http://127.0.0.1:{{port}}"],
              "feeders": [ { "id": "{{GatewayHarness.FeederA}}", "token_sha256": "{{FeederCredential.Hash(GatewayHarness.TokenA)}}", "symbols": ["SPY"] } ] }
            """, TestContext.Current.CancellationToken);
        string[] args = ["gateway", "--config", config, "--nats", h.Nats.Url];
        var gateway = await StartGatewayAsync(args);
        var events = Events(15_000);
        using (var feeder = new MarketDataFeeder(FeederFixture.Options(new Uri($"http://127.0.0.1:{port}"), dir)))
        {
            await FeedAsync(feeder, events, 5_000, async () =>
            {
                // mid-stream: once batches are going through, kill -9 lands between a publish and its mark at times
                await Eventually.TrueAsync(() => feeder.Stats.BatchesStored > 0, TimeSpan.FromSeconds(30), () => $"no batch stored: {feeder.Stats}");
                gateway.Kill();
                // down until the feeder has met the dead gateway and retries
                await Eventually.TrueAsync(() => feeder.Stats.Retries > 0, TimeSpan.FromSeconds(30), () => $"no retry while the gateway was down: {feeder.Stats}");
                gateway = await StartGatewayAsync(args);
            });
            Assert.True(feeder.WaitUntilIdle(TimeSpan.FromSeconds(40)), $"not drained: {feeder.Stats}\n{gateway.Output}");
            Assert.True(feeder.Stats.Retries > 0, $"the kill should have cost retries: {feeder.Stats}");
        }
        await FeederFixture.AssertExactlyOnceAsync(h, events);
        gateway.Kill();
        Assert.DoesNotContain(GatewayHarness.TokenA, gateway.Output, StringComparison.Ordinal);
        Directory.Delete(dir, true);
    }

    private static async Task<TeChildProcess> StartGatewayAsync(string[] args)
    {
        var p = TeChildProcess.Start(args);
        await Eventually.TrueAsync(() => p.Output.Contains("te gateway: listening on", StringComparison.Ordinal) || p.HasExited,
            TimeSpan.FromSeconds(60), () => $"te gateway did not start:\n{p.Output}");
        Assert.False(p.HasExited, p.Output);
        return p;
    }

    [Fact]
    public async Task Rate_limited_feeder_honours_429_and_delivers_everything()
    {
        await using var h = await GatewayHarness.StartAsync(o => o with { MaxRows = 500, RateLimitPerSecond = 2000, RateLimitBurst = 500 });
        var dir = Directory.CreateTempSubdirectory("te-feeder-").FullName;
        var events = Events(4_000);
        using (var feeder = new MarketDataFeeder(FeederFixture.Options(new Uri(h.Server!.Urls[0]), dir)))
        {
            await FeedAsync(feeder, events, 1_000_000);
            Assert.True(feeder.WaitUntilIdle(TimeSpan.FromSeconds(30)), $"not drained: {feeder.Stats}");
            Assert.True(feeder.Stats.Retries > 0, $"2,000 rows/s for 4,000 rows sent at once must have met a 429: {feeder.Stats}");
            Assert.Contains("429", feeder.Stats.LastError, StringComparison.Ordinal);
        }
        Assert.True(h.Server.Counters.Responses(429) > 0);
        await FeederFixture.AssertExactlyOnceAsync(h, events);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task A_spill_left_by_a_stopped_feeder_is_replayed_first_by_the_next_one_and_rejected_rows_are_counted()
    {
        await using var h = await GatewayHarness.StartAsync(o => o with { MaxRows = 2000 });
        await using var proxy = new TogglingProxy(new Uri(h.Server!.Urls[0]).Port);
        var dir = Directory.CreateTempSubdirectory("te-feeder-").FullName;
        var events = Events(3_000);
        proxy.Refuse();
        using (var first = new MarketDataFeeder(FeederFixture.Options(new Uri($"http://127.0.0.1:{proxy.Port}"), dir, "20261207T090000000Z-a")))
        {
            foreach (var e in events.Take(2_000))
                first.TryEnqueue(e);
            await Eventually.TrueAsync(() => first.Stats.Retries > 0, TimeSpan.FromSeconds(10), () => first.Stats.ToString());
        } // stopped while the gateway is unreachable: the rest goes to the spill
        var spilled = Directory.GetFiles(Path.Combine(dir, "spill"), "*.batch");
        Assert.NotEmpty(spilled);
        Assert.Empty(await h.StreamAsync());
        proxy.Accept();

        var bad = FeedEvent.Trade("SPY", events[2_000].TimeNs, 0m, 100m); // ZeroPrice: the gateway rejects the row
        using (var second = new MarketDataFeeder(FeederFixture.Options(new Uri($"http://127.0.0.1:{proxy.Port}"), dir, "20261207T100000000Z-b")))
        {
            second.TryEnqueue(bad);
            foreach (var e in events.Skip(2_000))
                second.TryEnqueue(e);
            Assert.True(second.WaitUntilIdle(TimeSpan.FromSeconds(30)), second.Stats.ToString());
            Assert.Equal(1, second.Stats.RowsRejected);
            Assert.Equal(1, second.Stats.RejectedByReason["ZeroPrice"]);
        }
        await FeederFixture.AssertExactlyOnceAsync(h, events);
        Directory.Delete(dir, true);
    }
}
