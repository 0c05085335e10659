using System.Collections.Concurrent;
using System.Text.Json;
using NATS.Client.Core;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Nats;

/// <summary>
/// The public output id (symbol, source sequence, output index) that <c>te publish</c> (<see cref="ExternalPublisher"/>)
/// writes is the producer's: the executor's numbering of its event's outputs, carried in the internal frame. The
/// deployment of issue 25 has two producers per symbol on <c>*.internal.&gt;</c> (the executor's node outputs, the
/// aggregator's candles, source sequence 0) and executors that republish from the middle of an event after a restart;
/// numbering in arrival order gave one id to two outputs there (<c>ScaleBySymbolClusterTests</c>: "output GFC8F34/1/0
/// published twice with different content").
/// </summary>
public sealed class ExternalPublisherIdTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Public_ids_are_the_executors_numbering_with_the_aggregators_candles_interleaved_and_after_a_republish_from_mid_event()
    {
        await using var server = await NatsServerProcess.StartAsync(jetStream: false);
        await using var client = new NatsConnection(new NatsEndpoint { Url = server.Url, Name = "te-publish-ids-test" }.ToNatsOpts());
        await client.ConnectAsync();
        var symbol = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var symbols = new SymbolRegistry();
        var id = symbols.GetOrAdd(symbol);
        var received = new ConcurrentQueue<string>();
        await using var sub = await client.SubscribeCoreAsync<byte[]>($"indicators.public.{symbol}.>", cancellationToken: Ct);
        var loop = Task.Run(async () =>
        {
            await foreach (var m in sub.Msgs.ReadAllAsync(Ct))
                received.Enqueue(System.Text.Encoding.UTF8.GetString(m.Data ?? []));
        }, Ct);
        await client.PingAsync(Ct);

        await using var bridgeConnection = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Name = "te-publish" }, cancellationToken: Ct);
        await using var bridge = new ExternalPublisher(bridgeConnection, bridgeConnection);
        await bridge.StartAsync(Ct);

        // executor (te serve executor: internal frames, no candles) and aggregator (its candles, core input: source
        // sequence 0) on one connection, so the bridge receives them in exactly the order they are published here
        await using var producers = await NatsConnectionPair.ConnectAsync(new NatsEndpoint { Url = server.Url, Name = "te-producers" }, cancellationToken: Ct);
        var routing = new OutputRouting(symbols, node => node switch { 3 => "ema_fast", 5 => "rsi_14", _ => null });
        var executor = new OutputPublisher(producers, symbols, routing, new PublicationOptions { Public = false, Candles = false });
        var aggregator = new OutputPublisher(producers, symbols, routing, new PublicationOptions { Public = false });
        const int Events = 20;
        for (var s = 1; s <= Events; s++)
        {
            var (candle, ema, rsi) = Outputs(id, s);
            executor.Publish(in candle); // numbered 0, not sent: the aggregator owns candles.internal
            executor.Publish(in ema); // 1
            var aggregated = candle;
            aggregated.SourceSequence = 0;
            aggregator.Publish(in aggregated); // between two outputs of the executor's event s
            executor.Publish(in rsi); // 2
        }
        // the executor restarted: a recovery numbers the outputs the old run is known to have published and sends the
        // rest, here from the middle of the last event (its ema was published, its rsi not)
        var restarted = new OutputPublisher(producers, symbols, routing, new PublicationOptions { Public = false, Candles = false });
        var (lastCandle, lastEma, lastRsi) = Outputs(id, Events);
        restarted.Skip(in lastCandle);
        restarted.Skip(in lastEma);
        restarted.Publish(in lastRsi);
        await producers.Internal.PingAsync(Ct);
        await Eventually.TrueAsync(() => received.Count >= 2 * Events + 1, TimeSpan.FromSeconds(10), () => $"{received.Count} public outputs of {2 * Events + 1}");
        await Task.Delay(200, Ct);

        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var json in received)
        {
            var (sequence, index, _) = IdOf(json);
            var key = $"{symbol}/{sequence}/{index}";
            Assert.True(!byId.TryGetValue(key, out var first) || first == json, $"output {key} published twice with different content:\n{first}\n{json}");
            byId[key] = json;
        }
        // the ids a single process (te run, its in-process public JSON) gives: the candle is 0, the ema 1, the rsi 2
        foreach (var json in received)
        {
            var (sequence, index, node) = IdOf(json);
            Assert.True(index == (node == 3 ? 1 : 2), $"node {node} of event {sequence}: output index {index}, a single process gives {(node == 3 ? 1 : 2)}");
        }
        Assert.Equal(2 * Events, byId.Count);
        Assert.Equal(2 * Events + 1, received.Count);
        Assert.Equal(2 * Events + 1 + Events, bridge.Published); // the aggregator's candles too, with no id
        await sub.UnsubscribeAsync();
        await loop;
    }

    private static (OutputMessage Candle, OutputMessage Ema, OutputMessage Rsi) Outputs(SymbolId symbol, int sequence)
    {
        var t = UtcNanos.FromDateTime(new DateTime(2023, 12, 26, 14, 35, 0, DateTimeKind.Utc)) + sequence * UtcNanos.PerMinute;
        var candle = new Candle
        {
            Symbol = symbol, Timeframe = Timeframe.OneMinute, PricePrecision = 2, OpenTime = t - UtcNanos.PerMinute, CloseTime = t,
            OpenRaw = 476_025, HighRaw = 476_100, LowRaw = 475_900, CloseRaw = 476_050 + sequence, VolumeRaw = 12, TickCount = 8, LastEventTime = t - 1, Flags = CandleFlags.Closed,
        };
        var ema = new MovingAverage { Symbol = symbol, Timeframe = Timeframe.OneMinute, EventTime = t, Kind = MovingAverageKind.Ema, Period = 9, Value = 4760 + sequence };
        var rsi = new Rsi { Symbol = symbol, Timeframe = Timeframe.OneMinute, EventTime = t, Period = 14, Value = 40 + sequence };
        return (OutputMessage.From(candle, -1, sequence), OutputMessage.From(ema, 3, sequence), OutputMessage.From(rsi, 5, sequence));
    }

    private static (long Sequence, int Index, int Node) IdOf(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var m = doc.RootElement.GetProperty("metadata");
        return (m.GetProperty("source_sequence").GetInt64(), m.GetProperty("output_index").GetInt32(), m.GetProperty("node_id").GetInt32());
    }
}
