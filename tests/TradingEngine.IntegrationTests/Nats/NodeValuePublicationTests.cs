using System.Collections.Concurrent;
using System.Text.Json;
using NATS.Client.Core;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Nats;

public sealed class NodeValuePublicationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_published_numeric_node_output_arrives_as_node_value_json_on_indicators_public_and_binary_on_internal()
    {
        await using var client = await Services.RequireNatsAsync();
        var symbol = "V" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var symbols = new SymbolRegistry();
        var id = symbols.GetOrAdd(symbol);

        var received = new ConcurrentQueue<NatsMsg<byte[]>>();
        await using var sub = await client.SubscribeCoreAsync<byte[]>($"indicators.*.{symbol}.>", cancellationToken: Ct);
        var loop = Task.Run(async () =>
        {
            await foreach (var m in sub.Msgs.ReadAllAsync(Ct))
                received.Enqueue(m);
        }, Ct);
        await client.PingAsync(Ct);

        await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = Services.NatsUrl, Name = "te-node-value-test" }, cancellationToken: Ct);
        var routing = new OutputRouting(symbols, node => node switch { 2 => "ema_fast", 5 => "bands", _ => null },
            (node, port) => node == 5 ? (port == 0 ? "upper" : "lower") : null);
        var publisher = new OutputPublisher(engine, engine, symbols, routing);
        var pipeline = new RingPipeline<OutputMessage>(RingBuffer<OutputMessage>.CreateSingleProducer(64));
        pipeline.Add(new NatsOutputHandler(publisher));
        pipeline.Start();
        var t = UtcNanos.FromDateTime(new DateTime(2023, 12, 26, 14, 35, 0, DateTimeKind.Utc));
        try
        {
            // what the executor does after a DAG walk: one NodeOutput per published port
            var sink = new OutputRingSink(pipeline.Ring);
            sink.OnNodeOutput(Output(id, step: 2, port: 0, t, 4760.123456789, persist: false));
            sink.OnNodeOutput(Output(id, step: 5, port: 1, t, 4750.5, persist: true));
            Assert.True(pipeline.WaitUntilDrained(TimeSpan.FromSeconds(5)));
            await engine.PingAsync(Ct);
            await Eventually.TrueAsync(() => received.Count >= 4, TimeSpan.FromSeconds(10),
                () => $"{received.Count}/4: {string.Join(", ", received.Select(r => r.Subject))}; {publisher.Counters}");
        }
        finally
        {
            pipeline.Shutdown(TimeSpan.FromSeconds(5));
        }

        var bySubject = received.ToArray().ToDictionary(m => m.Subject, m => m.Data!);
        using (var json = JsonDocument.Parse(bySubject[$"indicators.public.{symbol}.ema_fast"]))
        {
            var root = json.RootElement;
            Assert.Equal("node_value", root.GetProperty("type").GetString());
            Assert.Equal(symbol, root.GetProperty("symbol").GetString());
            Assert.Equal(4760.123456789, root.GetProperty("data").GetProperty("value").GetDouble());
            Assert.Equal(0, root.GetProperty("data").GetProperty("port").GetInt32());
            Assert.False(root.GetProperty("data").GetProperty("persist").GetBoolean());
            Assert.Equal(2, root.GetProperty("metadata").GetProperty("node_id").GetInt32());
        }
        using (var json = JsonDocument.Parse(bySubject[$"indicators.public.{symbol}.bands-lower"]))
            Assert.Equal(4750.5, json.RootElement.GetProperty("data").GetProperty("value").GetDouble());

        Assert.True(BinaryMessageCodec.Decode(bySubject[$"indicators.internal.{symbol}.bands-lower"], out OutputMessage frame, out _).IsSuccess);
        Assert.Equal((MessageType.NodeValue, 5, 77L, (ushort)1, true, 4750.5, t),
            (frame.Kind, frame.NodeId, frame.SourceSequence, frame.NodeValue.Port, frame.NodeValue.Persist, frame.NodeValue.Value, frame.EventTime));
        Assert.Equal(0, publisher.Counters.Failures);
    }

    private static NodeOutput Output(SymbolId symbol, int step, int port, long time, double value, bool persist) => new()
    {
        Symbol = symbol, Step = step, Port = port, Type = PortType.Number, Persist = persist, EventTime = time, SourceSequence = 77,
        Raw = BitConverter.DoubleToInt64Bits(value),
    };
}
