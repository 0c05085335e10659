using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Timescale;

public sealed class StandaloneSinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Te_sink_run_stores_the_binary_frames_of_the_internal_subjects_once_with_the_symbol_from_the_subject()
    {
        // a server of its own: the sink subscribes to every internal subject (*.internal.>) and counts every frame,
        // and on the shared server a live-engine test beside it added its own thousands (a CI run timed out so)
        await using var server = await NatsServerProcess.StartAsync(jetStream: false);
        await using var db = await TestDatabase.CreateAsync();
        using var timeout = SinkExactlyOnceTests.Timeout();
        var symbol = "T" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();

        // te sink run: its own registry (the engine's symbol ids mean nothing here), the internal subjects into the sink
        var sinkSymbols = new SymbolRegistry();
        sinkSymbols.GetOrAdd("OTHER"); // so an engine id reused as is would name the wrong symbol
        await using var sinkConnection = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Name = "te-sink-test" }, cancellationToken: Ct);
        await using var sink = new TimescaleSink(db.Options(), sinkSymbols, ["ema_fast", "swings", "signal"]);
        var feed = sink.OpenFeed("nats.internal.test");
        sink.Start();
        var subscriber = new InternalOutputSubscriber<OutputRingSinkHandler>(sinkConnection, sinkSymbols, new OutputRingSinkHandler(feed));
        await subscriber.StartAsync(Ct);

        // the engine: internal binary only (te run --no-public)
        var engineSymbols = new SymbolRegistry();
        var id = engineSymbols.GetOrAdd(symbol);
        await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Name = "te-sink-test-engine" }, cancellationToken: Ct);
        var routing = new OutputRouting(engineSymbols, node => node switch { 0 => "ema_fast", 1 => "swings", 2 => "signal", _ => null });
        var publisher = new OutputPublisher(engine, null, engineSymbols, routing);
        var pipeline = new RingPipeline<OutputMessage>(RingBuffer<OutputMessage>.CreateSingleProducer(1024));
        pipeline.Add(new NatsOutputHandler(publisher));
        pipeline.Start();
        var outputs = Outputs(id, bars: 50);
        try
        {
            foreach (var m in outputs)
            {
                using var scope = pipeline.Ring.Claim();
                scope.Event = m;
            }
            Assert.True(pipeline.WaitUntilDrained(TimeSpan.FromSeconds(10)));
            await engine.PingAsync(Ct);
            await Eventually.TrueAsync(() => subscriber.Received == outputs.Length, TimeSpan.FromSeconds(20),
                () => $"{subscriber.Received}/{outputs.Length} frames; {publisher.Counters}");
        }
        finally
        {
            pipeline.Shutdown(TimeSpan.FromSeconds(5));
        }
        await subscriber.DisposeAsync();
        await sink.StopAsync(timeout.Token);

        Assert.Equal(0, subscriber.Rejected);
        Assert.Equal(50, await db.CountAsync("candles"));
        Assert.Equal(50, await db.CountAsync("indicators")); // the persisted node values; the publish-only ones are not stored
        Assert.Equal(50, await db.CountAsync("market_structure"));
        Assert.Equal(50, await db.CountAsync("strategy_signals"));
        Assert.Equal(200L, await db.ScalarAsync<long>(
            $"SELECT (SELECT count(*) FROM candles WHERE symbol = '{symbol}') + (SELECT count(*) FROM indicators WHERE symbol = '{symbol}' AND node = 'ema_fast')" +
            $" + (SELECT count(*) FROM market_structure WHERE symbol = '{symbol}') + (SELECT count(*) FROM strategy_signals WHERE symbol = '{symbol}')"));
        Assert.Equal(4750.0 + 49 * 0.25, await db.ScalarAsync<double>("SELECT value FROM indicators ORDER BY time_ns DESC LIMIT 1"));
    }

    /// <summary>Per bar, as an engine publishes it: the closed candle, two node values (one persisted), a swing point and a signal.</summary>
    internal static OutputMessage[] Outputs(SymbolId symbol, int bars)
    {
        var start = UtcNanos.FromDateTime(new DateTime(2023, 12, 26, 14, 30, 0, DateTimeKind.Utc));
        var list = new List<OutputMessage>();
        for (var i = 0; i < bars; i++)
        {
            var t = start + i * UtcNanos.PerMinute;
            long sequence = i + 1;
            list.Add(OutputMessage.From(new Candle
            {
                Symbol = symbol, Timeframe = Timeframe.OneMinute, PricePrecision = 2, OpenTime = t - UtcNanos.PerMinute, CloseTime = t,
                OpenRaw = 475_000 + i, HighRaw = 475_100 + i, LowRaw = 474_900 + i, CloseRaw = 475_050 + i, VolumeRaw = 100 + i, TickCount = 10,
                LastEventTime = t - 1, Flags = CandleFlags.Closed,
            }, -1, sequence));
            list.Add(OutputMessage.From(new NodeValue { Symbol = symbol, EventTime = t, Port = 0, Persist = true, Value = 4750.0 + i * 0.25 }, 0, sequence));
            list.Add(OutputMessage.From(new NodeValue { Symbol = symbol, EventTime = t, Port = 1, Persist = false, Value = -1 }, 0, sequence));
            list.Add(OutputMessage.From(new SwingPoint
            {
                Symbol = symbol, Timeframe = Timeframe.OneMinute, EventTime = t, PricePrecision = 2, Side = SwingSide.High, Strength = 3, PriceRaw = 475_100 + i,
                PivotTime = t - 2 * UtcNanos.PerMinute,
            }, 1, sequence));
            list.Add(OutputMessage.From(new TradeSignal
            {
                Symbol = symbol, Timeframe = Timeframe.OneMinute, EventTime = t, Action = SignalAction.Entry, Side = PositionSide.Long, PricePrecision = 2,
                PriceRaw = 475_050 + i, ReasonCode = 1,
            }, 2, sequence));
        }
        return [.. list];
    }
}
