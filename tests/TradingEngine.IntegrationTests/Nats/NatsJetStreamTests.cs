using System.Buffers.Binary;
using System.IO.Hashing;
using NATS.Client.Core;
using NATS.Client.JetStream;
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
        var ingestor = new JetStreamTickIngestor(engine, ring, symbols, new JsonInputDecoder(symbols, samples.Instruments), journal.Sequence,
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

        async Task<List<MarketEvent>> RunAsync(JetStreamOptions o, long durableUpTo, int publishFrom = 0)
        {
            var ring = RingBuffer<MarketEvent>.CreateMultiProducer(1024);
            var durable = new Sequence();
            await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url }, cancellationToken: Ct);
            await using var ingestor = new JetStreamTickIngestor(engine, ring, samples.Symbols, new JsonInputDecoder(samples.Symbols, samples.Instruments), durable, o);
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
