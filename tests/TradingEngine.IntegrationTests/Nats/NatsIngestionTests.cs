using System.Collections.Concurrent;
using NATS.Client.Core;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Nats;

public sealed class NatsIngestionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bad_messages_of_every_rejection_class_land_on_the_dead_letter_subject_with_their_reason_and_ingestion_goes_on()
    {
        await using var client = await Services.RequireNatsAsync();
        var samples = new NatsInputSamples();
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(1024);
        await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = Services.NatsUrl, Name = "te-ingestion-test" }, cancellationToken: Ct);
        var options = new IngestionOptions { Symbols = [samples.Symbol, samples.UnknownSymbol], Instruments = samples.Instruments };
        await using var ingestor = new MarketDataIngestor(engine, ring, samples.Symbols, new JsonInputDecoder(samples.Symbols, samples.Instruments), options);

        var deadLetters = new ConcurrentQueue<NatsMsg<byte[]>>();
        await using var dlSub = await client.SubscribeCoreAsync<byte[]>("deadletter.>", cancellationToken: Ct);
        var collect = Task.Run(async () =>
        {
            await foreach (var m in dlSub.Msgs.ReadAllAsync(Ct))
            {
                if (m.Subject.Contains(samples.Symbol, StringComparison.Ordinal))
                    deadLetters.Enqueue(m);
            }
        }, Ct);
        await client.PingAsync(Ct);
        await ingestor.StartAsync(Ct);

        var bad = samples.BadMessages();
        await client.PublishAsync(samples.TickSubject, NatsInputSamples.Utf8(samples.TickJson()), cancellationToken: Ct);
        foreach (var (subject, payload, _) in bad)
            await client.PublishAsync(subject, payload, cancellationToken: Ct);
        await client.PublishAsync(samples.TickSubject, NatsInputSamples.Utf8(samples.TickJson(timestamp: "2013-10-08T13:30:01Z")), cancellationToken: Ct);

        await Eventually.TrueAsync(() => deadLetters.Count >= bad.Count && ingestor.Counters.Accepted(MarketEventKind.Tick) >= 2,
            TimeSpan.FromSeconds(15), () => $"{deadLetters.Count}/{bad.Count} dead letters; {ingestor.Counters}");

        var received = deadLetters.ToArray();
        Assert.Equal(bad.Count, received.Length);
        // one subscription per subject: the order holds within a subject, so match per subject in order
        foreach (var group in bad.GroupBy(b => b.Subject))
        {
            var got = received.Where(m => m.Subject == NatsSubjects.DeadLetter(group.Key)).ToArray();
            var expected = group.ToArray();
            Assert.Equal(expected.Length, got.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i].Reason.ToString(), got[i].Headers![NatsSubjects.RejectReasonHeader].ToString());
                Assert.False(string.IsNullOrWhiteSpace(got[i].Headers![NatsSubjects.RejectDetailHeader].ToString()));
                Assert.Equal(expected[i].Payload, got[i].Data);
            }
        }
        foreach (var (_, _, reason) in bad)
            Assert.True(ingestor.Counters.Rejected(reason) >= 1, $"{reason} not counted: {ingestor.Counters}");
        Assert.Equal(bad.Count, ingestor.Counters.DeadLetteredCount);
        Assert.Equal(2, ingestor.Counters.Accepted(MarketEventKind.Tick));
        // the messages rejected after their slot was claimed sit between the ticks as skip markers, counted
        var slots = Enumerable.Range(0, (int)ring.Cursor.Value + 1).Select(s => ring[s]).ToArray();
        var events = slots.Where(e => e.Kind != MarketEventKind.Skip).ToArray();
        Assert.Equal(2, events.Length);
        Assert.Equal(ingestor.Counters.SkipMarkers, slots.Length - events.Length);
        Assert.True(ingestor.Counters.SkipMarkers > 0);
        Assert.Equal(Price.Parse("167.42"), events[0].Tick.Price);
        Assert.Equal(UtcNanos.FromDateTime(new DateTime(2013, 10, 8, 13, 30, 1, DateTimeKind.Utc)), events[1].Tick.EventTime);
    }

    [Fact]
    public async Task Ticks_quotes_and_candles_of_a_wildcard_subscription_reach_the_ring_in_subject_order()
    {
        await using var client = await Services.RequireNatsAsync();
        var samples = new NatsInputSamples();
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(4096);
        await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = Services.NatsUrl }, cancellationToken: Ct);
        await using var ingestor = new MarketDataIngestor(engine, ring, samples.Symbols, new JsonInputDecoder(samples.Symbols, samples.Instruments), new IngestionOptions { Symbols = [samples.Symbol] });
        await ingestor.StartAsync(Ct);

        const int ticks = 1000;
        var t0 = new DateTime(2013, 10, 8, 13, 30, 0, DateTimeKind.Utc);
        for (var i = 0; i < ticks; i++)
            await client.PublishAsync(samples.TickSubject, NatsInputSamples.Utf8(samples.TickJson(UtcNanos.ToIso8601(UtcNanos.FromDateTime(t0.AddMilliseconds(i))), size: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))), cancellationToken: Ct);
        await client.PublishAsync(NatsSubjects.QuotesRaw(samples.Symbol), NatsInputSamples.Utf8(samples.QuoteJson()), cancellationToken: Ct);
        await client.PublishAsync(NatsSubjects.CandlesExternal(samples.Symbol, Timeframe.OneMinute), NatsInputSamples.Utf8(samples.CandleJson()), cancellationToken: Ct);

        await Eventually.TrueAsync(() => ingestor.Counters.AcceptedTotal == ticks + 2, TimeSpan.FromSeconds(15), () => ingestor.Counters.ToString());
        var sizes = Enumerable.Range(0, ticks + 2).Select(i => ring[i]).Where(e => e.Kind == MarketEventKind.Tick).Select(e => e.Tick.SizeRaw).ToArray();
        Assert.Equal(Enumerable.Range(1, ticks).Select(i => (long)i), sizes);
        Assert.Equal(0, ingestor.Counters.RejectedTotal);
        Assert.Equal(0, ingestor.Counters.DroppedMessages);
    }

    [Fact]
    public async Task A_server_restart_is_survived_resubscribed_and_reported_as_a_reconnect_gap_event()
    {
        await using var server = await NatsServerProcess.StartAsync(jetStream: false);
        var samples = new NatsInputSamples();
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(1024);
        await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url }, cancellationToken: Ct);
        await using var ingestor = new MarketDataIngestor(engine, ring, samples.Symbols, new JsonInputDecoder(samples.Symbols, samples.Instruments), new IngestionOptions { Symbols = [samples.Symbol] });
        await ingestor.StartAsync(Ct);
        await using var client = new NatsConnection(new NatsEndpoint { Url = server.Url }.ToNatsOpts());
        await client.ConnectAsync();

        await client.PublishAsync(samples.TickSubject, NatsInputSamples.Utf8(samples.TickJson()), cancellationToken: Ct);
        await Eventually.TrueAsync(() => ingestor.Counters.AcceptedTotal == 1, TimeSpan.FromSeconds(10), () => ingestor.Counters.ToString());

        await server.RestartAsync();
        await Eventually.TrueAsync(() => ingestor.Counters.ReconnectCount == 1 && engine.ConnectionState == NatsConnectionState.Open && client.ConnectionState == NatsConnectionState.Open,
            TimeSpan.FromSeconds(20), () => $"engine {engine.ConnectionState}, client {client.ConnectionState}; {ingestor.Counters}");
        // the subscription is re-established by the reconnect: a ping round trip on the engine's connection orders it before the next tick
        await engine.PingAsync(Ct);
        await client.PublishAsync(samples.TickSubject, NatsInputSamples.Utf8(samples.TickJson(timestamp: "2013-10-08T13:30:02Z")), cancellationToken: Ct);
        await Eventually.TrueAsync(() => ingestor.Counters.AcceptedTotal == 2, TimeSpan.FromSeconds(10), () => ingestor.Counters.ToString());

        Assert.Equal(MarketEventKind.Tick, ring[0].Kind);
        Assert.Equal(MarketEventKind.Gap, ring[1].Kind);
        Assert.Equal(GapReason.Reconnect, ring[1].Gap.Reason);
        Assert.Equal(samples.Symbols.GetOrAdd(samples.Symbol), ring[1].Gap.Symbol);
        Assert.Equal(ring[0].Tick.EventTime, ring[1].Gap.EventTime);
        Assert.Equal(MarketEventKind.Tick, ring[2].Kind);
        Assert.Equal(1, ingestor.Counters.GapEvents);
    }
}
