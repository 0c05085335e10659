using System.Text;
using NATS.Client.Core;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Security;

/// <summary>
/// The shipped infra/nats/te-accounts.conf on a real nats-server of the test's own: a feeder may only publish the raw
/// subjects and reads nothing, a public reader reads the public subjects and publishes nothing, the engine does its
/// job (JetStream ingestion of what feeders publish, public output that dashboards see).
/// </summary>
public sealed class NatsAccountsTests
{
    private static readonly Dictionary<string, string> Passwords = new()
    {
        ["TE_NATS_FEEDER_PASSWORD"] = "feeder-pw-" + Guid.NewGuid().ToString("N")[..8],
        ["TE_NATS_ENGINE_PASSWORD"] = "engine-pw-" + Guid.NewGuid().ToString("N")[..8],
        ["TE_NATS_SINK_PASSWORD"] = "sink-pw-" + Guid.NewGuid().ToString("N")[..8],
        ["TE_NATS_PUBLIC_PASSWORD"] = "public-pw-" + Guid.NewGuid().ToString("N")[..8],
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The shipped accounts file, copied next to the generated config (nats-server includes relative paths only).</summary>
    private static Task<NatsServerProcess> StartAsync() => NatsServerProcess.StartAsync(
        "include ./te-accounts.conf",
        prepare: dir => File.Copy(Path.Combine(TestData.RepositoryRoot(), "infra", "nats", "te-accounts.conf"), Path.Combine(dir, "te-accounts.conf")),
        environment: Passwords);

    private static Task<NatsConnection> ConnectAsync(NatsServerProcess server, string user, string variable) =>
        NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Name = "te-accounts-" + user, User = user, Password = Passwords[variable] }, cancellationToken: Ct);

    [Fact]
    public async Task A_feeder_can_only_publish_raw_market_data_and_cannot_reach_any_engine_subject()
    {
        await using var server = await StartAsync();
        await using var engine = await ConnectAsync(server, "engine", "TE_NATS_ENGINE_PASSWORD");
        await using var feeder = await ConnectAsync(server, "feeder", "TE_NATS_FEEDER_PASSWORD");
        var seen = new Received();
        await using var engineSubscription = await engine.SubscribeCoreAsync<byte[]>(">", cancellationToken: Ct);
        var reading = seen.CollectAsync(engineSubscription);
        await engine.PingAsync(Ct);

        // denied publishes first, then an allowed one: the server handles one connection's messages in order, so when
        // the allowed one has arrived, a denied one that got through would have arrived before it
        await feeder.PublishAsync("candles.internal.ES.1m", "forged internal frame"u8.ToArray(), cancellationToken: Ct);
        await feeder.PublishAsync("deadletter.ticks.raw.ES", "forged dead letter"u8.ToArray(), cancellationToken: Ct);
        await feeder.PublishAsync("$JS.API.STREAM.DELETE.TE_TICKS", "{}"u8.ToArray(), cancellationToken: Ct);
        await feeder.PublishAsync("candles.public.ES.1m", "forged public candle"u8.ToArray(), cancellationToken: Ct);
        await feeder.PublishAsync("ticks.raw.ES", "tick"u8.ToArray(), cancellationToken: Ct);
        await feeder.PublishAsync("quotes.raw.ES", "quote"u8.ToArray(), cancellationToken: Ct);
        await feeder.PublishAsync("candles.external.ES.1m", "candle"u8.ToArray(), cancellationToken: Ct);
        await Eventually.TrueAsync(() => seen.Contains("candles.external.ES.1m"), TimeSpan.FromSeconds(10), () => seen.ToString());
        Assert.Equal(["ticks.raw.ES", "quotes.raw.ES", "candles.external.ES.1m"], seen.Subjects());

        // reading: the feeder's subscriptions are refused, and its account holds no engine subject anyway
        var feederSeen = new Received();
        await using var feederSubscription = await feeder.SubscribeCoreAsync<byte[]>(">", cancellationToken: Ct);
        var feederReading = feederSeen.CollectAsync(feederSubscription);
        await feeder.PingAsync(Ct);
        await engine.PublishAsync("candles.internal.ES.1m", "internal"u8.ToArray(), cancellationToken: Ct);
        await engine.PublishAsync("ticks.raw.ES", "engine-side raw"u8.ToArray(), cancellationToken: Ct);
        await Eventually.TrueAsync(() => seen.Contains("candles.internal.ES.1m"), TimeSpan.FromSeconds(10), () => seen.ToString());
        await engine.PingAsync(Ct);
        await feeder.PingAsync(Ct);
        Assert.Empty(feederSeen.Subjects());
        await engineSubscription.UnsubscribeAsync();
        await feederSubscription.UnsubscribeAsync();
        await Task.WhenAll(reading, feederReading);
    }

    [Fact]
    public async Task A_public_reader_sees_the_public_outputs_and_can_publish_nothing()
    {
        await using var server = await StartAsync();
        await using var engine = await ConnectAsync(server, "engine", "TE_NATS_ENGINE_PASSWORD");
        await using var dashboard = await ConnectAsync(server, "dashboard", "TE_NATS_PUBLIC_PASSWORD");
        var engineSeen = new Received();
        await using var engineSubscription = await engine.SubscribeCoreAsync<byte[]>(">", cancellationToken: Ct);
        var engineReading = engineSeen.CollectAsync(engineSubscription);
        var dashboardSeen = new Received();
        await using var dashboardSubscription = await dashboard.SubscribeCoreAsync<byte[]>("candles.public.>", cancellationToken: Ct);
        var dashboardReading = dashboardSeen.CollectAsync(dashboardSubscription);
        await using var internalSubscription = await dashboard.SubscribeCoreAsync<byte[]>("candles.internal.>", cancellationToken: Ct);
        var internalReading = dashboardSeen.CollectAsync(internalSubscription);
        await engine.PingAsync(Ct);
        await dashboard.PingAsync(Ct);

        foreach (var subject in (string[])["ticks.raw.ES", "candles.public.ES.1m", "candles.internal.ES.1m", "strategies.signals.ES"])
            await dashboard.PublishAsync(subject, "forged"u8.ToArray(), cancellationToken: Ct);
        await engine.PublishAsync("candles.internal.ES.1m", "internal"u8.ToArray(), cancellationToken: Ct);
        await engine.PublishAsync("candles.public.ES.1m", "public"u8.ToArray(), cancellationToken: Ct);
        await Eventually.TrueAsync(() => dashboardSeen.Contains("candles.public.ES.1m"), TimeSpan.FromSeconds(10), () => dashboardSeen.ToString());
        await engine.PingAsync(Ct);
        await dashboard.PingAsync(Ct);

        Assert.Equal(["candles.public.ES.1m"], dashboardSeen.Subjects());
        Assert.Equal("public", dashboardSeen.Payload("candles.public.ES.1m"));
        // the engine saw only its own two messages: nothing the dashboard published reached it
        Assert.Equal(["candles.internal.ES.1m", "candles.public.ES.1m"], engineSeen.Subjects());
        await engineSubscription.UnsubscribeAsync();
        await dashboardSubscription.UnsubscribeAsync();
        await internalSubscription.UnsubscribeAsync();
        await Task.WhenAll(engineReading, dashboardReading, internalReading);
    }

    [Fact]
    public async Task The_engine_ingests_what_feeders_publish_through_jetstream_and_the_sink_reads_internal_subjects_only()
    {
        await using var server = await StartAsync();
        var samples = new NatsInputSamples("ES");
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(1024);
        var pipeline = new RingPipeline<MarketEvent>(ring);
        var recorder = new RingRecorder();
        var journal = pipeline.Add(recorder.CreateHandler());
        pipeline.Start();
        await using var engine = await ConnectAsync(server, "engine", "TE_NATS_ENGINE_PASSWORD");
        var ingestor = new JetStreamIngestor(engine, ring, samples.Symbols, new JsonInputDecoder(samples.Symbols, samples.Instruments), journal.Sequence,
            new JetStreamOptions { AckWait = TimeSpan.FromSeconds(2) }, new IngestionOptions { Symbols = ["ES"] });
        try
        {
            await ingestor.StartAsync(Ct);
            await using var feeder = await ConnectAsync(server, "feeder", "TE_NATS_FEEDER_PASSWORD");
            for (var i = 0; i < 20; i++)
                await feeder.PublishAsync(samples.TickSubject, Encoding.UTF8.GetBytes(samples.TickJson($"2013-10-08T13:30:00.{i + 1:D3}Z")), cancellationToken: Ct);
            await Eventually.TrueAsync(() => recorder.Count >= 20, TimeSpan.FromSeconds(20), () => $"{recorder.Count}/20 ticks; {ingestor.Counters}");
            Assert.Equal(20, recorder.Events.Count(e => e.Kind == MarketEventKind.Tick));
        }
        finally
        {
            await ingestor.DisposeAsync();
            pipeline.Shutdown(TimeSpan.FromSeconds(5));
        }

        // the sink user reads the internal subjects and may publish nothing
        await using var sink = await ConnectAsync(server, "sink", "TE_NATS_SINK_PASSWORD");
        var sinkSeen = new Received();
        await using var sinkSubscription = await sink.SubscribeCoreAsync<byte[]>("candles.internal.>", cancellationToken: Ct);
        var sinkReading = sinkSeen.CollectAsync(sinkSubscription);
        await sink.PingAsync(Ct);
        var engineSeen = new Received();
        await using var engineSubscription = await engine.SubscribeCoreAsync<byte[]>("candles.public.>", cancellationToken: Ct);
        var engineReading = engineSeen.CollectAsync(engineSubscription);
        await engine.PingAsync(Ct);
        await sink.PublishAsync("candles.public.ES.1m", "forged by the sink"u8.ToArray(), cancellationToken: Ct);
        await engine.PublishAsync("candles.internal.ES.1m", "frame"u8.ToArray(), cancellationToken: Ct);
        await Eventually.TrueAsync(() => sinkSeen.Contains("candles.internal.ES.1m"), TimeSpan.FromSeconds(10), () => sinkSeen.ToString());
        await sink.PingAsync(Ct);
        await engine.PingAsync(Ct);
        Assert.Empty(engineSeen.Subjects());
        await sinkSubscription.UnsubscribeAsync();
        await engineSubscription.UnsubscribeAsync();
        await Task.WhenAll(sinkReading, engineReading);
    }

    [Fact]
    public async Task A_wrong_password_for_an_account_user_is_refused_and_the_message_does_not_show_it()
    {
        await using var server = await StartAsync();
        var endpoint = new NatsEndpoint { Url = server.Url, User = "feeder", Password = "not-the-feeder-pw" };
        var ex = await Assert.ThrowsAsync<NatsConnectionRefusedException>(() => NatsConnector.ConnectAsync(endpoint, cancellationToken: Ct));
        Assert.True(ex.IsAuthorizationFailure, ex.Message);
        Assert.DoesNotContain("not-the-feeder-pw", ex.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Subjects and payloads a subscription delivered, in order.</summary>
    private sealed class Received
    {
        private readonly List<(string Subject, string Payload)> _messages = [];

        public string Errors { get; private set; } = "";

        public async Task CollectAsync(INatsSub<byte[]> subscription)
        {
            try
            {
                await foreach (var msg in subscription.Msgs.ReadAllAsync(Ct))
                {
                    lock (_messages)
                        _messages.Add((msg.Subject, Encoding.UTF8.GetString(msg.Data ?? [])));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or NatsException)
            {
                Errors += ex.Message;
            }
        }

        public bool Contains(string subject)
        {
            lock (_messages)
                return _messages.Any(m => m.Subject == subject);
        }

        public string[] Subjects()
        {
            lock (_messages)
                return _messages.Select(m => m.Subject).ToArray();
        }

        public string Payload(string subject)
        {
            lock (_messages)
                return _messages.First(m => m.Subject == subject).Payload;
        }

        public override string ToString()
        {
            lock (_messages)
                return $"received [{string.Join(", ", _messages.Select(m => m.Subject))}]{(Errors.Length > 0 ? $"; errors: {Errors}" : "")}";
        }
    }
}
