using System.Collections.Concurrent;
using NATS.Client.Core;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Nats;

public sealed class NatsPublicationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Output_ring_messages_go_out_binary_on_internal_and_json_on_public_subjects_and_te_publish_writes_the_same_json()
    {
        // a server of its own: the te publish bridge below republishes every internal subject it sees (*.internal.>),
        // and on the shared server that was every other test's traffic too (a live-engine test beside it got each
        // public output twice and timed out waiting for its counts to match)
        await using var server = await NatsServerProcess.StartAsync(jetStream: false);
        await using var client = new NatsConnection(new NatsEndpoint { Url = server.Url, Name = "te-publication-test" }.ToNatsOpts());
        await client.ConnectAsync();
        var symbol = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var symbols = new SymbolRegistry();
        var id = symbols.GetOrAdd(symbol);
        var outputs = Outputs(id);

        var received = new ConcurrentQueue<NatsMsg<byte[]>>();
        await using var sub = await client.SubscribeCoreAsync<byte[]>($"*.*.{symbol}.>", cancellationToken: Ct);
        await using var sub2 = await client.SubscribeCoreAsync<byte[]>($"strategies.*.{symbol}", cancellationToken: Ct);
        await using var sub3 = await client.SubscribeCoreAsync<byte[]>($"market_structure.{symbol}.>", cancellationToken: Ct);
        var loops = new[] { sub, sub2, sub3 }.Select(s => Task.Run(async () =>
        {
            await foreach (var m in s.Msgs.ReadAllAsync(Ct))
                received.Enqueue(m);
        }, Ct)).ToArray();
        await client.PingAsync(Ct);

        // the standalone external publisher (te publish) on the same server, reading internal, writing public
        await using var bridgeConnection = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Name = "te-publish-test" }, cancellationToken: Ct);
        await using var bridge = new ExternalPublisher(bridgeConnection, bridgeConnection);
        await bridge.StartAsync(Ct);

        // the engine side: an output ring whose consumer is the NATS publisher
        await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Name = "te-publisher-test" }, cancellationToken: Ct);
        var routing = new OutputRouting(symbols, node => node == 3 ? "ema_fast" : null);
        var publisher = new OutputPublisher(engine, engine, symbols, routing);
        var ring = RingBuffer<OutputMessage>.CreateSingleProducer(1024);
        var pipeline = new RingPipeline<OutputMessage>(ring);
        pipeline.Add(new NatsOutputHandler(publisher));
        pipeline.Start();
        try
        {
            foreach (var m in outputs)
            {
                using var scope = ring.Claim();
                scope.Event = m;
            }
            Assert.True(pipeline.WaitUntilDrained(TimeSpan.FromSeconds(5)));
            await engine.PingAsync(Ct);

            // each output: internal binary + public JSON from the engine + public JSON from te publish
            await Eventually.TrueAsync(() => received.Count >= 3 * outputs.Length, TimeSpan.FromSeconds(10),
                () => $"{received.Count}/{3 * outputs.Length}: {string.Join(", ", received.Select(r => r.Subject))}; {publisher.Counters}");
        }
        finally
        {
            pipeline.Shutdown(TimeSpan.FromSeconds(5));
        }

        var bySubject = received.ToArray().GroupBy(m => m.Subject).ToDictionary(g => g.Key, g => g.Select(m => m.Data!).ToArray());
        var expectedSubjects = new[]
        {
            ($"candles.internal.{symbol}.5m", $"candles.public.{symbol}.5m"),
            ($"indicators.internal.{symbol}.ema_fast", $"indicators.public.{symbol}.ema_fast"),
            ($"structure.internal.{symbol}.swing_point", $"market_structure.{symbol}.swing_point"),
            ($"signals.internal.{symbol}.trade_signal", $"strategies.signals.{symbol}"),
        };
        var json = new JsonMessageEncoder(symbols);
        var ids = new OutputIndexer(); // both publishers number each event's outputs in publishing order
        for (var i = 0; i < outputs.Length; i++)
        {
            var (internalSubject, publicSubject) = expectedSubjects[i];
            Assert.True(bySubject.ContainsKey(internalSubject), $"nothing on {internalSubject}: {string.Join(", ", bySubject.Keys)}");
            var frame = Assert.Single(bySubject[internalSubject]);
            Assert.True(BinaryMessageCodec.Decode(frame, out OutputMessage decoded, out _).IsSuccess);
            Assert.Equal(outputs[i].Kind, decoded.Kind);
            Assert.Equal(outputs[i].NodeId, decoded.NodeId);
            Assert.Equal(outputs[i].EventTime, decoded.EventTime);

            var expectedJson = new System.Buffers.ArrayBufferWriter<byte>();
            json.Encode(outputs[i], expectedJson, ids.Next(outputs[i]));
            var publics = bySubject[publicSubject];
            Assert.Equal(2, publics.Length); // in-process publisher and te publish
            Assert.All(publics, p => Assert.Equal(System.Text.Encoding.UTF8.GetString(expectedJson.WrittenSpan), System.Text.Encoding.UTF8.GetString(p)));
        }
        Assert.Equal(0, publisher.Counters.Failures);
        Assert.Equal(outputs.Length, bridge.Published);
    }

    private static OutputMessage[] Outputs(SymbolId symbol)
    {
        var t = UtcNanos.FromDateTime(new DateTime(2023, 12, 26, 14, 35, 0, DateTimeKind.Utc));
        var candle = new Candle
        {
            Symbol = symbol, Timeframe = Timeframe.FiveMinutes, PricePrecision = 2, OpenTime = t - 5 * UtcNanos.PerMinute, CloseTime = t,
            OpenRaw = 476_025, HighRaw = 476_100, LowRaw = 475_900, CloseRaw = 476_050, VolumeRaw = 1234, TickCount = 87, LastEventTime = t - 1, Flags = CandleFlags.Closed,
        };
        var ema = new MovingAverage { Symbol = symbol, Timeframe = Timeframe.FiveMinutes, EventTime = t, Kind = MovingAverageKind.Ema, Period = 9, Value = 4760.123456789 };
        var swing = new SwingPoint { Symbol = symbol, Timeframe = Timeframe.FiveMinutes, EventTime = t, PricePrecision = 2, Side = SwingSide.High, Strength = 3, PriceRaw = 476_100, PivotTime = t - 10 * UtcNanos.PerMinute };
        var signal = new TradeSignal { Symbol = symbol, Timeframe = Timeframe.FiveMinutes, EventTime = t, Action = SignalAction.Entry, Side = PositionSide.Long, PricePrecision = 2, PriceRaw = 476_050, ReasonCode = 7 };
        return
        [
            OutputMessage.From(candle, -1, 11),
            OutputMessage.From(ema, 3, 12),
            OutputMessage.From(swing, 5, 13),
            OutputMessage.From(signal, 8, 14),
        ];
    }
}
