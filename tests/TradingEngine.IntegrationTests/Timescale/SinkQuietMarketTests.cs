using TradingEngine.Engine.Runtime;
using TradingEngine.Hosting;
using TradingEngine.Hosting.Consumers;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Timescale;

/// <summary>
/// The database sink inside the engine host (te run --pg's composition) on a real PostgreSQL: the last rows of a burst
/// must be committed while the market stays quiet, not when the next tick comes. The sink's ring handlers hold a partly
/// filled chunk while the writer is behind and hand it over "when the ring goes quiet"; the host's threads used to wait
/// without ever timing out, so that moment never came: the rows stayed in memory and <see cref="TimescaleSink.FlushAsync"/>
/// never returned (seen on a quiet live run).
/// </summary>
public sealed class SinkQuietMarketTests : IDisposable
{
    /// <summary>2023-11-14T15:00:00Z: SPY's session is open.</summary>
    private const long Start = 1_699_974_000_000_000_000;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("te-sink-quiet-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task The_last_rows_of_a_burst_are_committed_while_the_market_stays_quiet()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync();
        var pipelines = Path.Combine(TestData.RepositoryRoot(), "pipelines");
        var config = EngineConfigLoader.Parse(
            $"instruments: {Path.Combine(pipelines, "instruments.yaml")}\nexecutors:\n" +
            $"  - name: eq\n    symbols:\n      - symbol: SPY\n        pipeline: {Path.Combine(pipelines, "us_equity.yaml")}\n", "engine.yaml");
        var symbols = new SymbolRegistry();
        var engines = EngineSet.Create(config, symbols);
        var spy = symbols.GetOrAdd("SPY");
        var host = EngineHost.Open(engines, symbols, new EngineHostOptions { JournalDirectory = _dir.FullName, RingSize = 1024 });
        await using var sink = new TimescaleSink(db.Options(), symbols, engines.NodeName);
        using var release = new ManualResetEventSlim(false);
        using var held = new ManualResetEventSlim(false);
        // the writer's first commit waits until released: the handlers meanwhile see it behind, as under a slow database
        sink.FaultInjector = point =>
        {
            if (point == SinkFaultPoint.BeforeCommit && !release.IsSet)
            {
                held.Set();
                release.Wait(TimeSpan.FromSeconds(60));
            }
        };
        host.Start([new TimescaleSinkConsumer(sink, "journal.ticks", "journal.outputs")]);
        var sent = 0;
        async Task BurstAsync(int count)
        {
            var events = new List<MarketEvent>();
            for (var i = 0; i < count; i++, sent++)
            {
                var e = MarketEvent.FromTick(Tick.Create(spy, Start + sent * 1_000_000_000L, new Price(4_700_000 + (sent % 11) * 100, 4), new Quantity(100, 0)));
                e.SourceSequence = sent + 1;
                events.Add(e);
            }
            await host.AddSourceAsync(new EventsSource(events), ct);
            Assert.True(host.Inputs.All(r => r.WaitUntilDrained(TimeSpan.FromSeconds(30))), "the input ring did not drain");
        }
        try
        {
            await BurstAsync(10);
            Assert.True(held.Wait(TimeSpan.FromSeconds(30), ct), "the sink's writer never began its first commit");
            await BurstAsync(10); // handed over: the writer holds nothing queued
            await BurstAsync(10); // the writer has the previous chunk queued: this one stays with the handler
            release.Set();
            // nothing more arrives; within the sink's flush interval and a margin every row is in the database
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quiet.CancelAfter(TimeSpan.FromSeconds(15));
            await sink.FlushAsync(quiet.Token);
            Assert.Equal(30L, await db.CountAsync("ticks"));
            Assert.Equal(sink.Statistics.Accepted, sink.Statistics.RowsWritten);
        }
        finally
        {
            release.Set();
            Assert.True(await host.StopAsync());
            await host.StopConsumersAsync();
        }
    }

    /// <summary>Publishes a list into the host's input rings by the symbol → ring table.</summary>
    private sealed class EventsSource(IReadOnlyList<MarketEvent> events) : IInputSource
    {
        public string Name => "events";

        public Task StartAsync(InputRings rings, CancellationToken cancellationToken)
        {
            foreach (var e in events)
            {
                var ring = rings.Routes[rings.Routes.IndexOf(e.Symbol.Value)];
                var sequence = ring.Next();
                ring[sequence] = e;
                ring.Publish(sequence);
            }
            return Task.CompletedTask;
        }

        public ValueTask StopAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
