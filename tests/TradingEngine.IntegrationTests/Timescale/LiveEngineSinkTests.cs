using TradingEngine.Hosting;
using NATS.Client.Core;
using TradingEngine.Cli;
using TradingEngine.Cli.Commands;
using TradingEngine.Engine.Runtime;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Timescale;

public sealed class LiveEngineSinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Pipeline = SpyPipeline.Yaml("live_sink", emaOutput: "persist: true");

    // Both ingestion modes: core NATS (every source sequence 0) and JetStream (ticks carry their stream sequence; a
    // candle closed by a tick must carry that tick's sequence too, or the sink drops it as going backwards).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Te_run_with_pg_stores_every_tick_candle_and_persisted_node_value_of_a_live_nats_session_exactly_once(bool jetStream)
    {
        var file = TestData.Require("ticks/lean_equity_2013-10/trades/20131008_spy_Trade_Tick.csv");
        // JetStream mode gets a server of its own, so its TE_TICKS stream starts empty
        await using var server = jetStream ? await NatsServerProcess.StartAsync() : null;
        var natsUrl = server?.Url ?? Services.NatsUrl;
        if (server is null)
            await (await Services.RequireNatsAsync()).DisposeAsync(); // skips (or fails under CI) without the shared server
        await using var db = await TestDatabase.CreateAsync();
        var dir = Directory.CreateTempSubdirectory("te-live-sink-").FullName;
        try
        {
            var symbol = "S" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();
            var instrumentsPath = await EquityInstrumentFile.WriteAsync(dir, symbol, Ct);
            var pipelinePath = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipelinePath, Pipeline, Ct);
            var journalDir = Path.Combine(dir, "journal");

            var options = new NatsLiveEngineOptions
            {
                PipelinePath = pipelinePath,
                InstrumentsPath = instrumentsPath,
                Symbols = [symbol],
                JournalDirectory = journalDir,
                External = new NatsEndpoint { Url = natsUrl, Name = "te-live-sink-engine" },
                JetStream = jetStream,
                OutOfOrderTolerance = TimeSpan.FromMinutes(1),
                Timescale = db.Options(),
            };
            long sent;
            IngestionCounters ingestion;
            var engine = await NatsLiveEngine.StartAsync(options, Ct);
            await using (engine)
            {
                Assert.NotNull(engine.Sink);
                var symbols = new SymbolRegistry();
                using var reader = new LeanEquityTradeReader(file, symbols.GetOrAdd(symbol));
                await using var feeder = new NatsConnection(new NatsEndpoint { Url = natsUrl, Name = "te-live-sink-feed" }.ToNatsOpts());
                sent = await RawTickPublisher.PublishAsync(feeder, reader, symbols, symbol, limit: 30_000, cancellationToken: Ct);
                ingestion = engine.Ingestion;
                await Eventually.TrueAsync(() => ingestion.AcceptedTotal + ingestion.RejectedTotal == sent, TimeSpan.FromSeconds(60), () => $"{sent} sent; {ingestion}");
            }
            // disposing stopped the rings, then the sink wrote what they handed over
            var stats = engine.Sink!.Statistics;
            Assert.Equal(0, ingestion.DroppedMessages);
            Assert.True(stats.OutOfOrder == 0, $"{stats.OutOfOrder} outputs dropped as out of order; {stats.RowsPerTable[(int)SinkTable.Candles]} candles stored");
            Assert.Equal(stats.Accepted, stats.RowsWritten);

            // what the session produced: a replay of the journal the live run recorded, through the same executor code
            var replaySymbols = new SymbolRegistry();
            var (executor, _, _) = EngineFactory.CreateExecutor(pipelinePath, instrumentsPath, [symbol], replaySymbols);
            var events = new List<MarketEvent>();
            using (var journal = new JournalReader(journalDir, replaySymbols))
            {
                foreach (var e in journal)
                    events.Add(e);
            }
            var outputs = RingBuffer<OutputMessage>.CreateSingleProducer(1 << 17);
            var driver = new InMemoryDriver<OutputRingSink>(executor, new OutputRingSink(outputs));
            driver.Feed(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(events));
            long candles = 0, persisted = 0;
            for (long s = 0; s <= outputs.Cursor.Value; s++)
            {
                if (outputs[s].Kind == MessageType.Candle)
                    candles++;
                else if (outputs[s].Kind == MessageType.NodeValue && outputs[s].NodeValue.Persist)
                    persisted++;
            }
            Assert.True(candles > 5 && persisted > 0, $"{candles} candles, {persisted} persisted values");

            Assert.Equal(ingestion.AcceptedTotal, await db.CountAsync("ticks"));
            Assert.Equal(events.Count(e => e.Kind == MarketEventKind.Tick), await db.CountAsync("ticks"));
            Assert.Equal(candles, await db.CountAsync("candles"));
            Assert.Equal(persisted, await db.CountAsync("indicators"));
            Assert.Equal(persisted, await db.ScalarAsync<long>("SELECT count(*) FROM indicators WHERE node = 'ema_fast_1m' AND indicator = 'node_value'"));
            Assert.Equal(0L, await db.ScalarAsync<long>($"SELECT count(*) FROM ticks WHERE symbol <> '{symbol}'"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
