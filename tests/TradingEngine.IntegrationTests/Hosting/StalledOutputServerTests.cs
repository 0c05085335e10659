using NATS.Client.Core;
using TradingEngine.Hosting;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Hosting;

/// <summary>
/// Issue 21 item 3, a stalled output server: te run's engine reads ticks from the shared nats-server and publishes its
/// binary outputs to a second one of the test's own (<c>--nats-internal</c>), which the test stops with SIGSTOP. While it
/// is stopped the executor keeps taking input from the external server and journaling it; when it continues (SIGCONT)
/// every output was either delivered to a subscriber of the internal server or counted as dropped by the NATS
/// publisher's policy (<see cref="OutputOverflow.Drop"/>), none lost without a count and none twice.
/// </summary>
public sealed class StalledOutputServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Before = 200;

    /// <summary>Enough frames to fill the loopback socket buffers and NATS.Net's write buffer behind the stopped server.</summary>
    private const int During = 120_000;

    [Fact]
    public async Task With_the_internal_server_stopped_the_executor_keeps_consuming_and_journaling_and_every_output_is_delivered_or_counted_after_it_continues()
    {
        await using var client = await Services.RequireNatsAsync();
        await using var internalServer = await NatsServerProcess.StartAsync(jetStream: false);
        var symbol = "I" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var dir = Directory.CreateTempSubdirectory("te-stalled-output-").FullName;
        try
        {
            var instruments = await EquityInstrumentFile.WriteAsync(dir, symbol, Ct);
            var pipeline = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipeline, """
                pipeline: per_tick
                nodes:
                  - id: value
                    kind: test_sleep
                    inputs: [ticks]
                    publish: true
                """, Ct);
            var config = await HostConfigFile.WriteAsync(dir, instruments, 4096, [("main", symbol, pipeline)], Ct);

            // the internal server's subscriber keeps every frame (its channel waits rather than drops)
            await using var observer = new NatsConnection(new NatsEndpoint { Url = internalServer.Url, Name = "te-stalled-observer" }.ToNatsOpts());
            var delivered = 0L;
            await using var frames = await observer.SubscribeCoreAsync<byte[]>($"indicators.internal.{symbol}.value",
                opts: new NatsSubOpts { ChannelOpts = new NatsSubChannelOpts { Capacity = 1 << 20, FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait } },
                cancellationToken: Ct);
            var reader = Task.Run(async () =>
            {
                await foreach (var _ in frames.Msgs.ReadAllAsync(Ct))
                    Interlocked.Increment(ref delivered);
            }, Ct);
            await observer.PingAsync(Ct);

            var engine = await NatsLiveEngine.StartAsync(new NatsLiveEngineOptions
            {
                Config = config,
                Catalog = NodeCatalogs.Standard().Register<SleepNode>(),
                JournalDirectory = Path.Combine(dir, "journal"),
                External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-stalled-engine" },
                Internal = new NatsEndpoint { Url = internalServer.Url, Name = "te-stalled-engine-internal" },
                ClockInterval = TimeSpan.Zero,
                PublishPublic = false,
                OutOfOrderTolerance = TimeSpan.FromDays(1),
            }, Ct);
            var executor = engine.Executor;
            long dropped;
            await using (engine)
            {
                await using var feeder = new NatsConnection(new NatsEndpoint { Url = Services.NatsUrl, Name = "te-stalled-feed" }.ToNatsOpts());
                var t0 = DateTime.UtcNow.AddMinutes(-30);
                var stamp = 0;
                async Task FeedAsync(int n)
                {
                    for (var i = 0; i < n; i++, stamp++)
                    {
                        var time = (t0 + TimeSpan.FromMilliseconds(stamp / 100.0)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
                        await feeder.PublishAsync(NatsSubjects.TicksRaw(symbol), NatsInputSamples.Utf8(
                            $$$"""{"schema_version":1,"type":"tick","symbol":"{{{symbol}}}","timestamp":"{{{time}}}","timeframe":null,"data":{"price":{{{(100m + (stamp % 50) / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture)}}},"size":10}}"""),
                            cancellationToken: Ct);
                    }
                    await feeder.PingAsync(Ct);
                }

                // a running start: outputs reach the internal server
                await FeedAsync(Before);
                await Eventually.TrueAsync(() => Interlocked.Read(ref delivered) == Before, TimeSpan.FromSeconds(30),
                    () => $"{Interlocked.Read(ref delivered)}/{Before} frames before the stop; {engine.Ingestion}; {engine.Publisher.Counters}");

                await internalServer.PauseAsync();
                try
                {
                    // the internal server answers nothing now: input still flows in, runs and is journaled
                    await FeedAsync(During);
                    await Eventually.TrueAsync(() => executor.Counters.Sample().Ticks == Before + During, TimeSpan.FromSeconds(60),
                        () => $"with the internal server stopped the executor ran {executor.Counters.Sample().Ticks} of {Before + During} ticks; {engine.Ingestion}; " +
                              $"publisher {engine.Publisher.Counters}, dropped {engine.PublisherDroppedOutputs}");
                    await Eventually.TrueAsync(() => engine.Journal.DurableRingSequence.Value == Before + During - 1, TimeSpan.FromSeconds(30),
                        () => $"journal durable through ring sequence {engine.Journal.DurableRingSequence.Value}, expected {Before + During - 1}");
                    Assert.True(engine.PublisherDroppedOutputs > 0,
                        $"the stopped server's backlog never filled the publisher's ring (publisher {engine.Publisher.Counters}): raise During so the drop policy is exercised");
                }
                finally
                {
                    await internalServer.ResumeAsync();
                }
                // delivered or counted: each output exactly once
                await Eventually.TrueAsync(() => Interlocked.Read(ref delivered) + engine.PublisherDroppedOutputs == Before + During, TimeSpan.FromSeconds(60),
                    () => $"after SIGCONT {Interlocked.Read(ref delivered)} frames delivered + {engine.PublisherDroppedOutputs} dropped != {Before + During} outputs; publisher {engine.Publisher.Counters}");
                dropped = engine.PublisherDroppedOutputs;
            }
            // nothing more arrives after the count matched (no output twice)
            await observer.PingAsync(Ct);
            await Task.Delay(200, Ct);
            Assert.Equal(Before + During, Interlocked.Read(ref delivered) + dropped);
            Assert.Equal(0, engine.Publisher.Counters.Failures);
            TestContext.Current.TestOutputHelper?.WriteLine($"{Before + During} outputs: {Interlocked.Read(ref delivered)} delivered, {dropped} dropped (counted); publisher {engine.Publisher.Counters}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
