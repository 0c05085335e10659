using TradingEngine.Hosting;
using System.Text;
using System.Text.Json;
using NATS.Client.Core;
using TradingEngine.Cli;
using TradingEngine.Cli.Commands;
using TradingEngine.Engine.Runtime;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Nats;

public sealed class NatsEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Pipeline = SpyPipeline.Yaml("nats_e2e", extraNodes: """
          # trades on the test's hour of SPY prints (09:30-10:29 New York): 4 trades, 12 signals, 21 position
          # updates in a replay of the same prints (te replay --csv ... --to 2013-10-08T14:29:48Z)
          - id: confluence_1m
            kind: multi_tf_confluence
            params: {tick_size: 0.01, point_value: 1, risk_per_trade: 100, max_quantity: 1000, max_bars: 15}
            inputs:
              candles: candles:1m
              ticks: ticks
              ema: [ema_fast_1m]
        """);

    [Fact]
    public async Task Real_ticks_published_to_ticks_raw_come_out_on_public_subjects_signals_and_positions_included_identical_to_a_replay_of_the_journal_the_live_run_recorded()
    {
        var file = TestData.Require("ticks/lean_equity_2013-10/trades/20131008_spy_Trade_Tick.csv");
        await using var client = await Services.RequireNatsAsync();
        var dir = Directory.CreateTempSubdirectory("te-e2e-").FullName;
        try
        {
            // a symbol of this test's own (real SPY prints), so tests sharing the server never mix
            var symbol = "E" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();
            var instrumentsPath = await EquityInstrumentFile.WriteAsync(dir, symbol, Ct);
            var pipelinePath = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipelinePath, Pipeline, Ct);
            var journalDir = Path.Combine(dir, "journal");

            await using var recorder = await PublicOutputRecorder.StartAsync(client, symbol, Ct);
            var received = recorder.Received;

            // the live run: te run's engine, fed by a separate client as an exchange gateway would
            var options = new NatsLiveEngineOptions
            {
                PipelinePath = pipelinePath,
                InstrumentsPath = instrumentsPath,
                Symbols = [symbol],
                JournalDirectory = journalDir,
                External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-e2e-engine" },
                OutOfOrderTolerance = TimeSpan.FromMinutes(1),
                // live == replay needs every output published: on a loaded 2-core machine the publisher's thread can sit
                // unscheduled for more than the default 100 ms, and the executors would then drop (and count) its outputs
                PublisherStallTimeout = TimeSpan.FromMinutes(1),
            };
            var engine = await NatsLiveEngine.StartAsync(options, Ct);
            long sent;
            long publicPublished;
            IngestionCounters ingestion;
            await using (engine)
            {
                var symbols = new SymbolRegistry();
                using var reader = new LeanEquityTradeReader(file, symbols.GetOrAdd(symbol));
                await using var feeder = new NatsConnection(new NatsEndpoint { Url = Services.NatsUrl, Name = "te-e2e-feed" }.ToNatsOpts());
                sent = await RawTickPublisher.PublishAsync(feeder, reader, symbols, symbol, limit: 80_000, cancellationToken: Ct);
                ingestion = engine.Ingestion;
                await Eventually.TrueAsync(() => ingestion.AcceptedTotal + ingestion.RejectedTotal == sent, TimeSpan.FromSeconds(60), () => $"{sent} sent; {ingestion}");
                // the live clock (te run's default, every 1 s) has written timers among the ticks
                await Eventually.TrueAsync(() => engine.Clock!.Injected > 0, TimeSpan.FromSeconds(5), () => $"clock: {engine.Clock!.Rounds} rounds");
            }
            publicPublished = engine.Publisher.Counters.PublicPublished;
            // a clean stop hands the server every output before the connections close (it lost the last ~140 of the burst)
            Assert.True(engine.FlushedAtStop, "the stop did not confirm the publisher's last outputs with the server");
            await client.PingAsync(Ct);
            await Eventually.TrueAsync(() => received.Count == publicPublished, TimeSpan.FromSeconds(20), () => $"{received.Count}/{publicPublished} received");
            Assert.True(publicPublished > 40, $"only {publicPublished} public outputs");
            Assert.Equal(0, engine.Publisher.Counters.Failures);
            Assert.Equal(0, engine.PublisherDroppedOutputs);
            Assert.Equal(0, ingestion.DroppedMessages);

            // the replay: the journal the live run wrote, through the same executor code, encoded the same way
            var replaySymbols = new SymbolRegistry();
            var (executor, dag, _) = EngineFactory.CreateExecutor(pipelinePath, instrumentsPath, [symbol], replaySymbols);
            var events = new List<MarketEvent>();
            using (var journal = new JournalReader(journalDir, replaySymbols))
            {
                foreach (var read in journal)
                {
                    // the source position the live run had (what its outputs' metadata.source_sequence carries), not the journal's
                    var e = read;
                    e.SourceSequence = journal.SourceSequenceAtWrite;
                    events.Add(e);
                }
            }
            // every accepted tick and every timer of the live clock, in the places they had live: the replay below feeds them all
            var timers = events.Count(e => e.Kind == MarketEventKind.Timer);
            Assert.Equal(engine.Clock!.Injected, timers);
            Assert.True(ingestion.AcceptedTotal + timers == events.Count,
                $"{ingestion.AcceptedTotal} accepted + {timers} timers, {events.Count} in the journal; journal next {engine.Journal.NextSequence}, written {engine.Journal.WrittenSequence}; " +
                $"ring cursor {engine.InputRing.Cursor.Value}, published {engine.InputRing.PublishedSequence}; " +
                string.Join(", ", engine.Host.Inputs[0].Processors.Select(p => $"{p.Name} {p.State} at {p.Sequence.Value}, {p.ExceptionCount} exceptions")));
            var outputs = RingBuffer<OutputMessage>.CreateSingleProducer(1 << 17);
            var driver = new InMemoryDriver<OutputRingSink>(executor, new OutputRingSink(outputs));
            driver.Feed(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(events));
            var routing = new OutputRouting(replaySymbols, EngineFactory.NodeNames(dag), EngineFactory.PortNames(dag));
            var json = new JsonMessageEncoder(replaySymbols, "te");
            var ids = new OutputIndexer();
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            var replayed = new List<(string Subject, string Json)>();
            for (long s = 0; s <= outputs.Cursor.Value; s++)
            {
                buffer.ResetWrittenCount();
                json.Encode(outputs[s], buffer, ids.Next(outputs[s]));
                replayed.Add((routing.Route(outputs[s]).PublicSubject, Encoding.UTF8.GetString(buffer.WrittenSpan)));
            }

            // identical per subject, in order (subjects interleave differently across subscriptions)
            var live = received.ToArray();
            Assert.Equal(replayed.Count, live.Length);
            foreach (var group in replayed.GroupBy(r => r.Subject))
            {
                var liveOfSubject = live.Where(l => l.Subject == group.Key).Select(l => l.Json).ToArray();
                Assert.Equal(group.Select(g => g.Json).ToArray(), liveOfSubject);
            }

            // the strategy's messages by name: they must exist (a pipeline that stops trading fails here, not silently
            // passes above) and match the replay's event times one for one
            foreach (var subject in new[] { NatsSubjects.StrategiesSignals(symbol), NatsSubjects.StrategiesPositions(symbol) })
            {
                var liveOfSubject = live.Where(l => l.Subject == subject).Select(l => l.Json).ToArray();
                var replayedOfSubject = replayed.Where(r => r.Subject == subject).Select(r => r.Json).ToArray();
                Assert.True(liveOfSubject.Length > 0, $"no message on {subject} ({replayedOfSubject.Length} in the replay)");
                Assert.Equal(replayedOfSubject.Select(EventTime).ToArray(), liveOfSubject.Select(EventTime).ToArray());
                Assert.Equal(replayedOfSubject, liveOfSubject);
            }
            var actions = live.Where(l => l.Subject == NatsSubjects.StrategiesSignals(symbol)).Select(l => Field(l.Json, "action")).ToHashSet();
            Assert.Superset(new HashSet<string?> { "entry", "stop", "exit" }, actions);
            TestContext.Current.SendDiagnosticMessage($"e2e: {sent} ticks sent, {ingestion}, {publicPublished} public outputs on {replayed.Select(r => r.Subject).Distinct().Count()} subjects, " +
                $"{live.Count(l => l.Subject == NatsSubjects.StrategiesSignals(symbol))} signals, {live.Count(l => l.Subject == NatsSubjects.StrategiesPositions(symbol))} position updates");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The message's event time as published (<c>timestamp</c>, ISO 8601 UTC).</summary>
    private static string? EventTime(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("timestamp").GetString();
    }

    private static string? Field(string json, string name)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("data").GetProperty(name).GetString();
    }
}
