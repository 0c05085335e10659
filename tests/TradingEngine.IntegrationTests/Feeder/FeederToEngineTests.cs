using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using NATS.Client.Core;
using TradingEngine.Cli;
using TradingEngine.Hosting;
using TradingEngine.Engine.Runtime;
using TradingEngine.Feeder;
using TradingEngine.Gateway;
using TradingEngine.IntegrationTests.Gateway;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Recovery;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Feeder;

/// <summary>
/// The whole NinjaTrader path without NinjaTrader: 100k real SPY trades of 2013-10-08 through the feeder core → te gateway
/// (Kestrel, loopback) → JetStream → <c>te run --jetstream</c> (a child process). Its public outputs must equal, message for
/// message, a replay of the same trades through an executor built like te replay's, each trade's source sequence being its
/// position (so also none lost, none doubled, none reordered); the journal holds stream sequences 1..100,000. The 1M run is
/// the benchmark (<c>./run.sh bench gateway</c>).
/// </summary>
public sealed partial class FeederToEngineTests
{
    private const string Symbol = "SPY";
    private const int Count = 100_000;

    [Fact]
    public async Task Hundred_thousand_real_trades_through_feeder_gateway_and_JetStream_give_the_outputs_of_a_replay()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("te-feeder-e2e-").FullName;
        await using var nats = await NatsServerProcess.StartAsync();
        TeChildProcess? run = null;
        try
        {
            var instruments = await EquityInstrumentFile.WriteAsync(dir, Symbol, ct);
            var pipeline = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipeline, KillAndRecoverTests.Pipeline, ct);
            var journal = Path.Combine(dir, "journal");
            run = TeChildProcess.Start(["run", "--pipeline", pipeline, "--instruments", instruments, "--symbols", Symbol, "--journal", journal,
                "--nats", nats.Url, "--stats-interval", "0", "--jetstream", "--stream", "TE_GW", "--consumer", "te-gw",
                // 2013 prints fed now: today's wall-clock timers would close their candles early (docs/aggregation.md)
                "--clock-interval", "0",
                // outputs are compared one for one: the executors wait for a publisher a loaded machine leaves unscheduled
                "--publisher-stall-timeout", "1m"]);
            await Eventually.TrueAsync(() => run.Output.Contains("te run: SPY on", StringComparison.Ordinal) || run.HasExited, TimeSpan.FromSeconds(90),
                () => $"te run did not start:\n{run.Output}");
            Assert.False(run.HasExited, run.Output);

            await using var client = new NatsConnection(new NatsEndpoint { Url = nats.Url, Name = "te-gw-e2e" }.ToNatsOpts());
            await using var outputs = await PublicOutputRecorder.StartAsync(client, Symbol, ct);
            var options = GatewayHarness.DefaultOptions(nats.Url) with { StreamName = "TE_GW", MaxRows = 5000, MaxBodyBytes = 8 << 20, MaxDecompressedBytes = 32 << 20 };
            await using var gateway = await GatewayServer.StartAsync(options, null, _ => { }, ct);

            var ticks = FeederFixture.SpyTicks(Count);
            var sent = ticks.Select(t => FeedEvent.Trade(Symbol, t.EventTime, t.Price.ToDecimal(), t.Size.ToDecimal())).ToList();
            var feederOptions = FeederFixture.Options(new Uri(gateway.Urls[0]), dir);
            feederOptions.BatchSize = 5000;
            using (var feeder = new MarketDataFeeder(feederOptions))
            {
                foreach (var e in sent)
                    Assert.True(feeder.TryEnqueue(e));
                Assert.True(feeder.WaitUntilIdle(TimeSpan.FromSeconds(120)), feeder.Stats.ToString());
                Assert.Equal(Count, feeder.Stats.RowsAccepted);
            }
            await Eventually.TrueAsync(() => JournalTail.Read(journal).SourceSequence == Count, TimeSpan.FromSeconds(60),
                () => $"journal at stream sequence {JournalTail.Read(journal).SourceSequence} of {Count}\n{run.Output}");

            var replay = ReplayTicks(pipeline, instruments, sent);
            await Eventually.TrueAsync(() => outputs.Received.Count >= replay.Count, TimeSpan.FromSeconds(60),
                () => $"{outputs.Received.Count} outputs of {replay.Count}\n{run.Output}");
            await outputs.QuiesceAsync(ct);
            var live = outputs.Received.Select(o => (o.Subject, WithoutReceiveTime(o.Json))).ToList();
            Assert.True(replay.Count > 1000, $"only {replay.Count} outputs: the comparison would mean little");
            Assert.Equal(replay.Count, live.Count);
            // one subject's messages come in order; across subjects NATS keeps no order
            foreach (var subject in replay.Select(r => r.Subject).Distinct())
                Assert.Equal(replay.Where(r => r.Subject == subject).Select(r => r.Json), live.Where(l => l.Subject == subject).Select(l => l.Item2));
        }
        finally
        {
            run?.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The same trades through an executor built like te replay's, each with its position as source sequence; public subject and JSON of each output.</summary>
    private static List<(string Subject, string Json)> ReplayTicks(string pipeline, string instruments, List<FeedEvent> ticks)
    {
        var symbols = new SymbolRegistry();
        var (executor, dag, registry) = EngineFactory.CreateExecutor(pipeline, instruments, [Symbol], symbols);
        var instrument = registry[Symbol];
        var ring = RingBuffer<OutputMessage>.CreateSingleProducer(1 << 21);
        var driver = new InMemoryDriver<OutputRingSink>(executor, new OutputRingSink(ring));
        for (var i = 0; i < ticks.Count; i++)
        {
            var t = Tick.Create(instrument.Id, ticks[i].TimeNs, Price.FromDecimal(ticks[i].Price, instrument.PricePrecision),
                Quantity.FromDecimal(ticks[i].Size, instrument.SizePrecision));
            var e = MarketEvent.FromTick(t);
            e.SourceSequence = i + 1; // its stream sequence: the stream holds these trades only, in this order
            driver.Feed(in e);
        }
        var routing = new OutputRouting(symbols, EngineFactory.NodeNames(dag), EngineFactory.PortNames(dag));
        var json = new JsonMessageEncoder(symbols, "te");
        var ids = new OutputIndexer();
        var buffer = new ArrayBufferWriter<byte>();
        var list = new List<(string, string)>();
        for (long s = 0; s <= ring.Cursor.Value; s++)
        {
            buffer.ResetWrittenCount();
            json.Encode(ring[s], buffer, ids.Next(ring[s]));
            list.Add((routing.Route(ring[s]).PublicSubject, WithoutReceiveTime(Encoding.UTF8.GetString(buffer.WrittenSpan))));
        }
        return list;
    }

    /// <summary>Receive time is the engine's wall clock at arrival: live has one, a replay of the trades has none.</summary>
    private static string WithoutReceiveTime(string json) => ReceiveTime().Replace(json, "");

    [GeneratedRegex("\"receive_time\":\"[^\"]*\",?")]
    private static partial Regex ReceiveTime();
}
