using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NATS.Client.Core;
using TradingEngine.Hosting;
using TradingEngine.Hosting.Replay;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Recovery;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal.Continuous;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Hosting;

/// <summary>
/// <c>te run --continuous ES</c> (docs/rolls.md "Live runs"): two contracts' ticks published across a known volume
/// crossover reach the pipeline as one unadjusted ES series with a roll event, every event of the contract that is not
/// the front counted; the run's outputs equal <c>te replay --continuous ES --adjust none</c> of its own journal.
/// </summary>
public sealed class ContinuousLiveRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Pipeline = """
        pipeline: continuous_live_test
        timeframes: [1m]
        nodes:
          - id: rolls
            kind: contract_rolls
            inputs: {gaps: gaps}
            publish: true
          - id: close_1m
            kind: candle_field
            inputs: [candles:1m]
            publish: true
        """;

    // 17:00 Chicago on 2013-12-01 (Sunday) is 23:00 UTC: the CME session of trading date 2013-12-02
    private static readonly DateTime FirstSession = new(2013, 12, 1, 23, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// <c>te run --continuous ES</c> from the command line: the contracts' ticks, a session at a time, become one series
    /// with its roll, and the run's summary says so (the series' events, the roll, the non-front events counted).
    /// </summary>
    [Fact]
    public async Task Te_run_continuous_prints_the_series_its_roll_and_what_it_left_out()
    {
        await using var server = await NatsServerProcess.StartAsync(jetStream: false);
        var dir = Directory.CreateTempSubdirectory("te-continuous-cli-").FullName;
        try
        {
            var pipelinePath = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipelinePath, Pipeline, Ct);
            var instruments = Path.Combine(TestData.RepositoryRoot(), "pipelines", "instruments.yaml");
            using var run = TeChildProcess.Start(
            [
                "run", "--pipeline", pipelinePath, "--instruments", instruments, "--symbols", "ESZ13,ESH14", "--continuous", "ES",
                "--journal", Path.Combine(dir, "journal"), "--nats", server.Url, "--stats-interval", "0", "--duration", "8",
            ]);
            await Eventually.TrueAsync(() => run.Output.Contains("te run: ES on", StringComparison.Ordinal) || run.HasExited,
                TimeSpan.FromSeconds(60), () => $"te run did not start:\n{run.Output}");
            await using (var feeder = new NatsConnection(new NatsEndpoint { Url = server.Url, Name = "te-continuous-cli-feed" }.ToNatsOpts()))
            {
                // a session after the previous one has reached the engine (no ingestion counter to watch from outside: a pause)
                foreach (var session in Ticks().GroupBy(t => SessionOf(t.Time)))
                {
                    foreach (var (contract, time, price, size) in session)
                        await feeder.PublishAsync(NatsSubjects.TicksRaw(contract), Tick(contract, time, price, size), cancellationToken: Ct);
                    await feeder.PingAsync(Ct);
                    await Task.Delay(700, Ct);
                }
            }
            var rc = run.WaitForExit(TimeSpan.FromSeconds(60));
            Assert.True(rc == 0, $"exit {rc}:\n{run.Output}");
            Assert.Contains("continuous ES: 13 events on the series, 1 roll(s)", run.Output, StringComparison.Ordinal);
            Assert.Contains("roll: 2013-12-04 ESZ13 -> ESH14", run.Output, StringComparison.Ordinal);
            Assert.Contains("left out: not the front contract of ES in its session (continuous series): 10;", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Live_run_routes_the_contracts_to_one_series_with_the_roll_and_equals_the_continuous_replay_of_its_journal()
    {
        await using var client = await Services.RequireNatsAsync();
        var dir = Directory.CreateTempSubdirectory("te-continuous-live-").FullName;
        try
        {
            var pipelinePath = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipelinePath, Pipeline, Ct);
            var instruments = Path.Combine(TestData.RepositoryRoot(), "pipelines", "instruments.yaml");
            var received = new ConcurrentQueue<NatsMsg<byte[]>>();
            var sub = await client.SubscribeCoreAsync<byte[]>("indicators.public.ES.>", cancellationToken: Ct);
            var loop = Task.Run(async () =>
            {
                await foreach (var m in sub.Msgs.ReadAllAsync(Ct))
                    received.Enqueue(m);
            }, Ct);
            await client.PingAsync(Ct);

            var engine = await NatsLiveEngine.StartAsync(new NatsLiveEngineOptions
            {
                PipelinePath = pipelinePath,
                InstrumentsPath = instruments,
                Symbols = ["ESZ13", "ESH14"],
                Continuous = "ES",
                JournalDirectory = Path.Combine(dir, "journal"),
                External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-continuous-live-test" },
                ClockInterval = TimeSpan.Zero,
            }, Ct);
            var ticks = Ticks();
            await using (engine)
            {
                await using var feeder = new NatsConnection(new NatsEndpoint { Url = Services.NatsUrl, Name = "te-continuous-live-feed" }.ToNatsOpts());
                var ingestion = engine.Ingestion;
                // a session's ticks reach the engine before the next session's first (the exchange's daily break): each
                // contract's subject has its own subscription, so a burst of every session at once would reach the ring
                // reordered across contracts, and a session's front is decided at its first trade from what came before
                var published = 0;
                foreach (var session in ticks.GroupBy(t => SessionOf(t.Time)))
                {
                    foreach (var (contract, time, price, size) in session)
                        await feeder.PublishAsync(NatsSubjects.TicksRaw(contract), Tick(contract, time, price, size), cancellationToken: Ct);
                    await feeder.PingAsync(Ct);
                    published += session.Count();
                    await Eventually.TrueAsync(() => ingestion.AcceptedTotal == published, TimeSpan.FromSeconds(30), () => $"{ingestion}");
                }
                await Eventually.TrueAsync(() => engine.Continuous!.Series.Mapped + engine.Continuous.Series.Dropped.Sum(d => d.Count) == ticks.Count,
                    TimeSpan.FromSeconds(30), () => $"{engine.Continuous!.Series.Mapped} mapped");
            }
            var live = engine.Continuous!;
            // session 1: ESH14 traded 40 against ESZ13's 10, so session 2 (trading date 2013-12-04) is ESH14's
            Assert.True(live.Schedule.Rolls.Count == 1, $"{live.Schedule.Rolls.Count} rolls, {live.Schedule.SessionCount} sessions, {live.Series.Mapped} mapped; left out: "
                + string.Join("; ", live.Series.Dropped.Concat(live.Schedule.Deferred).Select(d => $"{d.Reason} {d.Count} ({string.Join(", ", d.Examples)})")));
            var roll = live.Schedule.Rolls[0];
            Assert.Equal(("ESZ13", "ESH14", new DateOnly(2013, 12, 4)), (roll.From, roll.To, roll.TradingDate));
            Assert.Equal(1, live.Series.RollsEmitted);
            // ESH14's 6 ticks of sessions 0 and 1 and ESZ13's 3 of session 2 and 1 of session 3: counted, not on the series
            Assert.Equal(10, live.Series.DroppedCount(ContinuousDrop.NotFront));
            Assert.Equal(ticks.Count - 10, live.Series.Mapped);
            var counters = engine.Executor.Counters.Sample();
            Assert.Equal((ticks.Count - 10L, 1L, 0L), (counters.Ticks, counters.Gaps, counters.UnknownSymbols));

            // every output published before the stop has arrived once the count stops moving after a ping
            // (none at all within 15 s fails below, with the count)
            var settled = -1;
            var quiet = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                await client.PingAsync(Ct);
                await Task.Delay(300, Ct);
                if (received.Count == settled && (received.Count > 0 || quiet.Elapsed > TimeSpan.FromSeconds(15)))
                    break;
                settled = received.Count;
            }
            var last = UtcNanosOf(ticks[^1].Time);
            var liveOutputs = received.Select(m => Canonical(m.Data!)).Where(o => o.Time < last).ToList();

            var replayed = Path.Combine(dir, "replay.jsonl");
            ReplayRunner.Run(new ReplayOptions
            {
                Source = ReplaySource.Journal,
                JournalDirectory = Path.Combine(dir, "journal"),
                PipelinePath = pipelinePath,
                InstrumentsPath = instruments,
                Continuous = new ContinuousOptions("ES", ContinuousAdjustment.None),
                OutPath = replayed,
            });
            // the replay's end of input closes the last candle, which live still has forming: both compared before the last tick
            var replayOutputs = (await File.ReadAllLinesAsync(replayed, Ct)).Select(l => Canonical(Encoding.UTF8.GetBytes(l)))
                .Where(o => o.Type == "node_value" && o.Time < last).ToList();
            Assert.True(received.Any(m => m.Subject == NatsSubjects.IndicatorsPublic("ES", "rolls-rolls")),
                $"no roll output among {liveOutputs.Count} live outputs ({received.Count} received; publisher: {engine.Publisher.Counters}; replay: {replayOutputs.Count} node values)");
            Assert.True(liveOutputs.Count > 10, $"{liveOutputs.Count} live outputs");
            Assert.Equal(replayOutputs.Select(o => o.Text), liveOutputs.Select(o => o.Text));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Four sessions, three minutes a session, a tick a minute of each contract: ESZ13 10 contracts a tick in session 0
    /// against ESH14's 1, then ESH14 trades more (volume crossover in session 1), ESH14 5.00 above ESZ13; one late tick of
    /// ESH14 in session 3 closes the last minute.
    /// </summary>
    private static List<(string Contract, string Time, string Price, string Size)> Ticks()
    {
        var ticks = new List<(string, string, string, string)>();
        for (var s = 0; s < 4; s++)
        {
            for (var m = 0; m < 3; m++)
            {
                var t = FirstSession.AddDays(s).AddHours(1).AddMinutes(m).AddSeconds(10);
                var z = 1800m + s + (0.25m * m);
                var (zSize, hSize) = s == 0 ? (10, 1) : (s == 1 ? (3, 13) : (1, 20));
                ticks.Add(("ESH14", Iso(t), (z + 5).ToString("F2", CultureInfo.InvariantCulture), hSize.ToString(CultureInfo.InvariantCulture)));
                if (s < 3 || m == 0)
                    ticks.Add(("ESZ13", Iso(t.AddSeconds(1)), z.ToString("F2", CultureInfo.InvariantCulture), zSize.ToString(CultureInfo.InvariantCulture)));
            }
        }
        ticks.Add(("ESH14", Iso(FirstSession.AddDays(3).AddHours(1).AddMinutes(10)), "1808.00", "1"));
        return ticks;
    }

    // the test's sessions start at 23:00 UTC
    private static int SessionOf(string iso) => (int)(DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) - FirstSession).TotalDays;

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static long UtcNanosOf(string iso) => TradingEngine.Types.UtcNanos.FromDateTime(DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));

    private sealed record Output(string Type, long Time, string Text);

    // an output without its metadata (the producer's name and ids differ between te run and te replay)
    private static Output Canonical(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var text = string.Join(",", root.EnumerateObject().Where(p => p.Name != "metadata").Select(p => $"{p.Name}={p.Value.GetRawText()}"));
        return new Output(root.GetProperty("type").GetString()!, UtcNanosOf(root.GetProperty("timestamp").GetString()!), text);
    }

    private static byte[] Tick(string symbol, string time, string price, string size) => Encoding.UTF8.GetBytes(
        $$$"""{"schema_version":1,"type":"tick","symbol":"{{{symbol}}}","timestamp":"{{{time}}}","timeframe":null,"data":{"price":{{{price}}},"size":{{{size}}}}}""");
}
