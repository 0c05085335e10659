using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using NATS.Client.Core;
using TradingEngine.Hosting.Replay;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Serving;

/// <summary>
/// <c>te serve</c> roles as separate processes on a nats-server of the test's own (the publisher republishes every
/// internal subject, which must not reach other tests' subscribers): the <c>es</c> executor group, the aggregator and the
/// publisher, fed real ES trades for the group's symbol and for a symbol of the other group. Each answers its health
/// probes; the executor runs and journals only its group's symbol and publishes no candle; the aggregator publishes every
/// symbol's candles once, the same candles a replay of the executor's journal closes; the publisher turns each internal
/// message into its public JSON.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class ServeRolesProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Executor_group_aggregator_and_publisher_processes_split_the_outputs_and_answer_health_probes()
    {
        var trades = ServeFixture.EsTrades(4000);
        using var fixture = new ServeFixture();
        await using var server = await NatsServerProcess.StartAsync();
        await using var client = new NatsConnection(new NatsOpts { Url = server.Url, ConnectTimeout = TimeSpan.FromSeconds(30), RequestTimeout = TimeSpan.FromSeconds(30), SubPendingChannelFullMode = BoundedChannelFullMode.Wait });
        var received = new ConcurrentQueue<string>();
        var subscriptions = new List<INatsSub<byte[]>>();
        foreach (var subject in new[] { "candles.internal.>", "indicators.internal.>", "candles.public.>", "indicators.public.>" })
            subscriptions.Add(await client.SubscribeCoreAsync<byte[]>(subject, cancellationToken: Ct));
        var loops = subscriptions.Select(sub => Task.Run(async () =>
        {
            await foreach (var m in sub.Msgs.ReadAllAsync(Ct))
                received.Enqueue(m.Subject);
        }, Ct)).ToArray();
        await client.PingAsync(Ct);

        string[] common = ["--config", fixture.ConfigPath, "--journal", fixture.JournalRoot, "--nats", server.Url, "--stats-interval", "0", "--publisher-stall-timeout", "1m"];
        var (executor, executorHealth) = await ServeFixture.StartRoleAsync("executor", [.. common, "--group", "es"]);
        using var executorProcess = executor;
        var (aggregator, _) = await ServeFixture.StartRoleAsync("aggregator", common);
        using var aggregatorProcess = aggregator;
        var (publisher, _) = await ServeFixture.StartRoleAsync("publisher", "--nats", server.Url);
        using var publisherProcess = publisher;
        using (var http = new HttpClient())
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(executorHealth, "healthz"), Ct)).StatusCode);

        // the group's symbol and the other group's, interleaved as one feed would send them
        foreach (var trade in trades)
        {
            await client.PublishAsync(NatsSubjects.TicksRaw(fixture.Es), ServeFixture.TickJson(fixture.Es, trade), cancellationToken: Ct);
            await client.PublishAsync(NatsSubjects.TicksRaw(fixture.Other), ServeFixture.TickJson(fixture.Other, trade), cancellationToken: Ct);
        }
        await client.PingAsync(Ct);

        // settled: nothing new arrives for a while after the last publish
        var settled = -1;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            await Task.Delay(1500, Ct);
            await client.PingAsync(Ct);
            if (received.Count > 0 && received.Count == settled)
                break;
            Assert.True(DateTime.UtcNow < deadline, $"outputs still arriving: {received.Count}");
            settled = received.Count;
        }
        Assert.Equal(0, executor.Interrupt(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, aggregator.Interrupt(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, publisher.Interrupt(TimeSpan.FromSeconds(60)));
        // the executor saw its group's symbol only: the other group's ticks were neither captured nor subscribed
        Assert.Contains($"input {trades.Count} received, {trades.Count} accepted", executor.Output, StringComparison.Ordinal);
        Assert.Contains($"input {2 * trades.Count} received, {2 * trades.Count} accepted", aggregator.Output, StringComparison.Ordinal);

        var subjects = received.ToArray();
        int Count(string prefix) => subjects.Count(s => s.StartsWith(prefix, StringComparison.Ordinal));
        // the executor: indicators of its own symbol, none of the other group's
        Assert.True(Count($"indicators.internal.{fixture.Es}.") > 0, Describe(subjects));
        Assert.Equal(0, Count($"indicators.internal.{fixture.Other}."));
        // the publisher: each internal message once more as public JSON
        Assert.Equal(Count($"indicators.internal.{fixture.Es}."), Count($"indicators.public.{fixture.Es}."));
        Assert.Equal(Count("candles.internal."), Count("candles.public."));

        // the aggregator: each symbol's candles exactly once (the executor sends none), the candles that a replay of the
        // executor's journal closes (the replay's end of input closes the forming ones too: those are left out)
        var replayed = Path.Combine(fixture.Directory, "replay.jsonl");
        ReplayRunner.Run(new ReplayOptions
        {
            Source = ReplaySource.Journal,
            JournalDirectory = Path.Combine(fixture.JournalRoot, "es"),
            PipelinePath = fixture.PipelinePath,
            InstrumentsPath = Path.Combine(fixture.Directory, "instruments.yaml"),
            Symbols = [fixture.Es],
            OutPath = replayed,
        });
        var lines = await File.ReadAllLinesAsync(replayed, Ct);
        var replayCandles = lines.Where(l => l.Contains("\"type\":\"candle\"", StringComparison.Ordinal) && !l.Contains("\"end_of_data\":true", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(replayCandles);
        Assert.Equal(replayCandles.Count, Count($"candles.internal.{fixture.Es}."));
        Assert.Equal(replayCandles.Count, Count($"candles.internal.{fixture.Other}."));
        foreach (var timeframe in replayCandles.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("timeframe").GetString()).Distinct())
        {
            Assert.Equal(replayCandles.Count(l => l.Contains($"\"timeframe\":\"{timeframe}\"", StringComparison.Ordinal)),
                Count($"candles.internal.{fixture.Es}.{timeframe}"));
        }
        foreach (var sub in subscriptions)
            await sub.UnsubscribeAsync();
        await Task.WhenAll(loops);
    }

    private static string Describe(string[] subjects) =>
        string.Join(", ", subjects.GroupBy(s => string.Join('.', s.Split('.').Take(3))).Select(g => $"{g.Key}×{g.Count()}"));
}
