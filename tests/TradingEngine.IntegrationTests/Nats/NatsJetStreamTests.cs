using System.Buffers.Binary;
using System.IO.Hashing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal.Import;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Nats;

public sealed class NatsJetStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_nats_server_restart_mid_stream_loses_and_duplicates_no_tick()
    {
        var file = TestData.Require("ticks/lean_equity_2013-10/trades/20131008_spy_Trade_Tick.csv");
        await using var server = await NatsServerProcess.StartAsync();
        var samples = new NatsInputSamples("SPY");
        var symbols = samples.Symbols;
        var spy = symbols.GetOrAdd("SPY");
        const int count = 6000;
        var payloads = RealTicks(file, spy, symbols, count, out var expected);

        // the engine: JetStream ingestor → ring → a recording consumer whose sequence stands for the journal's durable one
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(8192);
        var pipeline = new RingPipeline<MarketEvent>(ring);
        var recorder = new RingRecorder();
        var journal = pipeline.Add(recorder.CreateHandler());
        pipeline.Start();
        await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Name = "te-js-test" }, cancellationToken: Ct);
        var ingestor = new JetStreamIngestor(engine, ring, symbols, new JsonInputDecoder(symbols, samples.Instruments), journal.Sequence,
            new JetStreamOptions { AckWait = TimeSpan.FromSeconds(2) });
        try
        {
            await ingestor.StartAsync(Ct);

            await using var publisher = new NatsConnection(new NatsEndpoint { Url = server.Url, Name = "te-js-publisher" }.ToNatsOpts());
            var js = new NatsJSContext(publisher);
            for (var i = 0; i < count; i++)
            {
                if (i == count / 2)
                {
                    await Eventually.TrueAsync(() => recorder.Count > count / 4, TimeSpan.FromSeconds(30), () => $"{recorder.Count} ticks before the restart");
                    await server.RestartAsync();
                }
                await PublishWithRetryAsync(js, i, payloads[i]);
            }

            await Eventually.TrueAsync(() => recorder.Count >= count, TimeSpan.FromSeconds(60), () => $"{recorder.Count}/{count} ticks; {ingestor.Counters}");
            Assert.True(await ingestor.WaitForAcksAsync(TimeSpan.FromSeconds(20), Ct), $"acks pending; {ingestor.Counters}");
            // nothing more arrives: re-deliveries after the acks would show up as extra ring events
            await engine.PingAsync(Ct);

            var ticks = recorder.Events.Where(e => e.Kind == MarketEventKind.Tick).ToArray();
            Assert.Equal(count, ticks.Length);
            Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), ticks.Select(t => t.SourceSequence));
            Assert.Equal(expected, Hash(ticks));
            Assert.DoesNotContain(recorder.Events, e => e.Kind == MarketEventKind.Gap);
            Assert.Equal(0, ingestor.Counters.RejectedTotal);
            TestContext.Current.SendDiagnosticMessage($"JetStream restart: {ingestor.Counters}");
        }
        finally
        {
            await ingestor.DisposeAsync();
            pipeline.Shutdown(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task A_restarted_engine_resumes_after_its_journal_and_skips_what_it_already_has()
    {
        await using var server = await NatsServerProcess.StartAsync();
        var samples = new NatsInputSamples();
        var symbolId = samples.Symbols.GetOrAdd(samples.Symbol);
        await using var publisher = new NatsConnection(new NatsEndpoint { Url = server.Url }.ToNatsOpts());
        var js = new NatsJSContext(publisher);
        var options = new JetStreamOptions { ConsumerName = "te-resume", FileStorage = false };
        var t0 = new DateTime(2013, 10, 8, 13, 30, 0, DateTimeKind.Utc);
        string Tick(int i) => samples.TickJson(UtcNanos.ToIso8601(UtcNanos.FromDateTime(t0.AddSeconds(i))));

        // first run: 10 ticks, journal durable up to the 7th (the last 3 never became durable: no ack for them)
        var first = await RunAsync(options, durableUpTo: 6);
        Assert.Equal(10, first.Count);

        // second run: a new consumer (the old one is gone with the crashed process's state) resuming after stream sequence 7
        var second = await RunAsync(options with { ConsumerName = "te-resume-2", ResumeAfter = 7 }, durableUpTo: long.MaxValue, publishFrom: 10);
        Assert.Equal(Enumerable.Range(8, 8).Select(i => (long)i), second.Select(e => e.SourceSequence));
        // a re-delivered message is the same input: its receive time is when the stream took it, not the moment of
        // re-delivery, so outputs computed again from it after a crash repeat the first run's JSON byte for byte
        Assert.Equal(first.Skip(7).Select(e => e.Tick.ReceiveTime), second.Take(3).Select(e => e.Tick.ReceiveTime));
        Assert.All(first, e => Assert.InRange(e.Tick.ReceiveTime, UtcNanos.Now() - 60 * UtcNanos.PerSecond, UtcNanos.Now()));

        async Task<List<MarketEvent>> RunAsync(JetStreamOptions o, long durableUpTo, int publishFrom = 0)
        {
            var ring = RingBuffer<MarketEvent>.CreateMultiProducer(1024);
            var durable = new Sequence();
            await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url }, cancellationToken: Ct);
            await using var ingestor = new JetStreamIngestor(engine, ring, samples.Symbols, new JsonInputDecoder(samples.Symbols, samples.Instruments), durable, o);
            await ingestor.EnsureStreamAsync(Ct);
            for (var i = publishFrom; i < publishFrom + 5 + (publishFrom == 0 ? 5 : 0); i++)
                await js.PublishAsync(samples.TickSubject, NatsInputSamples.Utf8(Tick(i)), cancellationToken: Ct);
            await ingestor.StartAsync(Ct);
            var expectedCount = publishFrom == 0 ? 10 : 8;
            await Eventually.TrueAsync(() => ingestor.Counters.AcceptedTotal == expectedCount, TimeSpan.FromSeconds(10), () => ingestor.Counters.ToString());
            durable.SetValue(Math.Min(durableUpTo, ring.Cursor.Value));
            var events = Enumerable.Range(0, (int)ring.Cursor.Value + 1).Select(i => ring[i]).ToList();
            Assert.All(events, e => Assert.Equal(symbolId, e.Symbol));
            return events;
        }
    }

    [Fact]
    public async Task The_stream_captures_the_owned_symbols_only_and_what_an_earlier_configuration_left_is_counted_not_journaled()
    {
        await using var server = await NatsServerProcess.StartAsync();
        var samples = new NatsInputSamples();
        var other = samples.UnknownSymbol; // a symbol this engine does not own
        await using var publisher = new NatsConnection(new NatsEndpoint { Url = server.Url }.ToNatsOpts());
        var js = new NatsJSContext(publisher);
        var options = new JetStreamOptions { StreamName = "TE_OWNED", ConsumerName = "te-owned", FileStorage = false };
        // an earlier configuration's stream took every tick subject; its durable holds a tick of another symbol
        await js.CreateStreamAsync(new StreamConfig("TE_OWNED", ["ticks.raw.*"])
        {
            Storage = StreamConfigStorage.Memory, Retention = StreamConfigRetention.Interest, Discard = StreamConfigDiscard.New,
        }, Ct);
        await js.CreateOrUpdateConsumerAsync("TE_OWNED", new ConsumerConfig("te-owned") { AckPolicy = ConsumerConfigAckPolicy.All }, Ct);
        await js.PublishAsync(NatsSubjects.TicksRaw(other), NatsInputSamples.Utf8(samples.TickJson(symbol: other)), cancellationToken: Ct);
        await js.PublishAsync(samples.TickSubject, NatsInputSamples.Utf8(samples.TickJson()), cancellationToken: Ct);

        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(1024);
        var durable = new Sequence();
        await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url }, cancellationToken: Ct);
        await using var ingestor = new JetStreamIngestor(engine, ring, samples.Symbols, new JsonInputDecoder(samples.Symbols, samples.Instruments), durable, options,
            new IngestionOptions { Symbols = [samples.Symbol] });
        await ingestor.StartAsync(Ct);
        await Eventually.TrueAsync(() => ingestor.LastStreamSequence == 2, TimeSpan.FromSeconds(10), () => ingestor.Counters.ToString());

        // the stream now takes the owned subjects only: another symbol's tick is not captured, so it never arrives
        var config = (await js.GetStreamAsync("TE_OWNED", cancellationToken: Ct)).Info.Config;
        Assert.Equal(new[] { NatsSubjects.TicksRaw(samples.Symbol), NatsSubjects.QuotesRaw(samples.Symbol), NatsSubjects.CandlesExternalPrefix + samples.Symbol + ".*", NatsSubjects.DagTrigger(samples.Symbol) }, config.Subjects!);
        await publisher.PublishAsync(NatsSubjects.TicksRaw(other), NatsInputSamples.Utf8(samples.TickJson(symbol: other)), cancellationToken: Ct);
        await js.PublishAsync(samples.TickSubject, NatsInputSamples.Utf8(samples.TickJson("2013-10-08T13:30:01Z")), cancellationToken: Ct);
        await Eventually.TrueAsync(() => ingestor.LastStreamSequence == 3, TimeSpan.FromSeconds(10), () => ingestor.Counters.ToString());

        Assert.Equal(1, ingestor.Counters.NotOwnedCount);
        Assert.Contains("not owned 1", ingestor.Counters.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, ingestor.Counters.Accepted(MarketEventKind.Tick));
        Assert.Equal(0, ingestor.Counters.RejectedTotal);
        var spy = samples.Symbols.GetOrAdd(samples.Symbol);
        Assert.Equal(new[] { 2L, 3L }, Enumerable.Range(0, (int)ring.Cursor.Value + 1).Select(i => ring[i]).Where(e => e.Symbol == spy).Select(e => e.SourceSequence));
        Assert.Equal(2, ring.Cursor.Value + 1);
    }

    [Fact]
    public async Task A_second_engine_on_the_same_stream_and_durable_refuses_to_start_and_the_first_keeps_every_message()
    {
        await using var server = await NatsServerProcess.StartAsync();
        var samples = new NatsInputSamples();
        var options = new JetStreamOptions { StreamName = "TE_TWO", ConsumerName = "te-two", FileStorage = false };
        JetStreamIngestor Engine(NatsConnection c, RingBuffer<MarketEvent> ring) =>
            new(c, ring, samples.Symbols, new JsonInputDecoder(samples.Symbols, samples.Instruments), new Sequence(), options);
        await using var c1 = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Name = "engine-1" }, cancellationToken: Ct);
        await using var c2 = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Name = "engine-2" }, cancellationToken: Ct);
        var ring1 = RingBuffer<MarketEvent>.CreateMultiProducer(1024);
        var ring2 = RingBuffer<MarketEvent>.CreateMultiProducer(1024);
        var first = Engine(c1, ring1);
        await first.StartAsync(Ct);

        var second = Engine(c2, ring2);
        var refused = await Assert.ThrowsAsync<JetStreamOwnerConflictException>(() => second.StartAsync(Ct));
        Assert.Contains("'TE_TWO' is already consumed by another engine", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"consumer 'te-two', pid {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);
        await second.DisposeAsync();

        // nothing is split: every message goes to the first engine
        await using var publisher = new NatsConnection(new NatsEndpoint { Url = server.Url }.ToNatsOpts());
        var js = new NatsJSContext(publisher);
        var t0 = new DateTime(2013, 10, 8, 13, 30, 0, DateTimeKind.Utc);
        for (var i = 0; i < 50; i++)
            await js.PublishAsync(samples.TickSubject, NatsInputSamples.Utf8(samples.TickJson(UtcNanos.ToIso8601(UtcNanos.FromDateTime(t0.AddSeconds(i))))), cancellationToken: Ct);
        await Eventually.TrueAsync(() => first.Counters.Accepted(MarketEventKind.Tick) == 50, TimeSpan.FromSeconds(10), () => first.Counters.ToString());
        Assert.Equal(-1, ring2.Cursor.Value);

        // once the first has stopped, the stream is free
        await first.DisposeAsync();
        await using var third = Engine(c2, ring2);
        await third.StartAsync(Ct);
    }

    [Fact]
    public async Task A_full_stream_refuses_publishes_keeps_what_is_not_acked_and_lets_acked_messages_go()
    {
        await using var server = await NatsServerProcess.StartAsync();
        var samples = new NatsInputSamples();
        var options = new JetStreamOptions { StreamName = "TE_FULL", ConsumerName = "te-full", FileStorage = false, MaxBytes = 4096 };
        var ring = RingBuffer<MarketEvent>.CreateMultiProducer(1024);
        var durable = new Sequence(); // the journal makes nothing durable: nothing may be acked
        await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url }, cancellationToken: Ct);
        await using var ingestor = new JetStreamIngestor(engine, ring, samples.Symbols, new JsonInputDecoder(samples.Symbols, samples.Instruments), durable, options);
        await ingestor.StartAsync(Ct);
        await using var publisher = new NatsConnection(new NatsEndpoint { Url = server.Url }.ToNatsOpts());
        var js = new NatsJSContext(publisher);
        var t0 = new DateTime(2013, 10, 8, 13, 30, 0, DateTimeKind.Utc);
        var next = 0;
        async Task<bool> TryPublishAsync()
        {
            try
            {
                var ack = await js.PublishAsync(samples.TickSubject, NatsInputSamples.Utf8(samples.TickJson(UtcNanos.ToIso8601(UtcNanos.FromDateTime(t0.AddSeconds(next))))),
                    opts: new NatsJSPubOpts { RetryAttempts = 1 }, cancellationToken: Ct);
                ack.EnsureSuccess();
                next++;
                return true;
            }
            catch (NatsJSException)
            {
                return false;
            }
        }

        var stored = 0;
        while (stored < 1000 && await TryPublishAsync())
            stored++;
        Assert.InRange(stored, 1, 999); // refused once full: back-pressure, not a silent drop of old messages
        await Eventually.TrueAsync(() => ingestor.Counters.Accepted(MarketEventKind.Tick) == stored, TimeSpan.FromSeconds(10), () => ingestor.Counters.ToString());
        await Task.Delay(300, Ct);
        var state = (await js.GetStreamAsync("TE_FULL", cancellationToken: Ct)).Info.State;
        Assert.Equal(stored, (long)state.Messages); // delivered, not acked: all still there
        Assert.Equal(0, ingestor.Counters.AckCount);

        // the journal makes them durable: acked, and the stream lets them go
        durable.SetValue(ring.Cursor.Value);
        await Eventually.TrueAsync(async () => (await js.GetStreamAsync("TE_FULL", cancellationToken: Ct)).Info.State.Messages == 0,
            TimeSpan.FromSeconds(10), () => ingestor.Counters.ToString());
        Assert.True(await TryPublishAsync(), "a drained stream takes messages again");
    }

    private static async Task PublishWithRetryAsync(NatsJSContext js, int index, byte[] payload)
    {
        // the server may be down (restart): retry with the same message id, the stream keeps one copy
        var opts = new NatsJSPubOpts { MsgId = $"spy-{index}" };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                var ack = await js.PublishAsync("ticks.raw.SPY", payload, opts: opts, cancellationToken: Ct);
                ack.EnsureSuccess();
                return;
            }
            catch (Exception ex) when ((ex is NatsException or TimeoutException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Ct);
            }
        }
    }

    private static byte[][] RealTicks(string file, SymbolId spy, SymbolRegistry symbols, int count, out ulong hash)
    {
        using var reader = new LeanEquityTradeReader(file, spy);
        var encoder = new JsonMessageEncoder(symbols);
        var ticks = new List<Tick>(count);
        var payloads = new List<byte[]>(count);
        foreach (var tick in reader)
        {
            if (tick.IsSuspicious)
                continue;
            var t = tick;
            t.ReceiveTime = 0;
            ticks.Add(t);
            payloads.Add(encoder.EncodeToArray(t));
            if (ticks.Count == count)
                break;
        }
        Assert.Equal(count, ticks.Count);
        hash = Hash(ticks.Select((t, i) => MarketEvent.FromTick(t, i + 1)).ToArray());
        return [.. payloads];
    }

    /// <summary>Hash of what the engine sees of each tick: stream sequence and every event-time field.</summary>
    private static ulong Hash(IReadOnlyList<MarketEvent> events)
    {
        var h = new XxHash64();
        Span<byte> b = stackalloc byte[48];
        foreach (var e in events)
        {
            BinaryPrimitives.WriteInt64LittleEndian(b, e.SourceSequence);
            BinaryPrimitives.WriteInt64LittleEndian(b[8..], e.Tick.EventTime);
            BinaryPrimitives.WriteInt64LittleEndian(b[16..], e.Tick.PriceRaw);
            BinaryPrimitives.WriteInt64LittleEndian(b[24..], e.Tick.SizeRaw);
            BinaryPrimitives.WriteInt64LittleEndian(b[32..], e.Tick.Conditions);
            BinaryPrimitives.WriteInt64LittleEndian(b[40..], e.Tick.Venue);
            h.Append(b);
        }
        return h.GetCurrentHashAsUInt64();
    }
}
