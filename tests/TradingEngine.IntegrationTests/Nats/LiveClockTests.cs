using System.Globalization;
using NATS.Client.Core;
using TradingEngine.Hosting;
using TradingEngine.IntegrationTests.Recovery;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Nats;

/// <summary>
/// The live clock through a real nats-server and te run's engine: ticks of a fresh symbol are published shortly before a
/// minute's end, then nothing; the 1m candle must come out on <c>candles.public.{sym}.1m</c> at most
/// interval + candle_lateness + 100 ms after its end, with no further tick. <c>clock</c> nodes publish live, and a
/// replay of the journal the run wrote (timers included) gives the same public outputs.
/// <para>
/// The engine's live clock reads a wall clock shifted back by less than two minutes per run (<see cref="ShiftedClock"/>),
/// so each run meets a minute's end 1.5 s after its ticks instead of waiting up to a minute for a real one; the ticks are
/// stamped with the same shifted clock (in the past of the real one, so the future-timestamp check passes). Everything
/// measured (the clock thread's rounds, the ring, the executor, the publisher, NATS) runs in real time.
/// TE_CLOCK_RUNS sets the number of runs (default 3, about 3 s each).
/// </para>
/// </summary>
public sealed class LiveClockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Lateness = TimeSpan.FromMilliseconds(250);

    private const string Pipeline = """
        pipeline: live_clock
        timeframes: [1m]
        candle_lateness: 250ms
        nodes:
          - id: close_1m
            kind: candle_field
            inputs: [candles:1m]
          - id: clock
            kind: clock
            inputs: [timer]
            publish: true
        """;

    [Fact]
    public async Task A_one_minute_candle_with_no_further_tick_comes_out_within_interval_plus_lateness_plus_100_ms_and_a_journal_replay_gives_the_same_outputs()
    {
        await using var client = await Services.RequireNatsAsync();
        var runs = int.TryParse(Environment.GetEnvironmentVariable("TE_CLOCK_RUNS"), CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 3;
        var dir = Directory.CreateTempSubdirectory("te-clock-").FullName;
        try
        {
            var prefix = "K" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
            var symbols = Enumerable.Range(0, runs).Select(i => $"{prefix}{i}").ToArray();
            var instrumentsPath = await EquityInstrumentFile.WriteAsync(dir, symbols, Ct);
            var pipelinePath = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipelinePath, Pipeline, Ct);
            var journalDir = Path.Combine(dir, "journal");
            var recorders = new List<PublicOutputRecorder>();
            foreach (var s in symbols)
                recorders.Add(await PublicOutputRecorder.StartAsync(client, s, Ct));

            // shifted back far enough that every run's ticks stay in the past of the real clock
            var clock = new ShiftedClock(TimeSpan.FromSeconds(-(61.5 * runs + 2)));
            var interval = TimeSpan.FromSeconds(1);
            var options = new NatsLiveEngineOptions
            {
                PipelinePath = pipelinePath,
                InstrumentsPath = instrumentsPath,
                Symbols = symbols,
                JournalDirectory = journalDir,
                External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-clock-engine" },
                ClockInterval = interval,
                ClockTime = clock,
            };
            var latenesses = new List<double>();
            var engine = await NatsLiveEngine.StartAsync(options, Ct);
            await using (engine)
            {
                await using var feeder = new NatsConnection(new NatsEndpoint { Url = Services.NatsUrl, Name = "te-clock-feed" }.ToNatsOpts());
                foreach (var symbol in symbols)
                {
                    // forward to 1.5 s before the next minute's end of the shifted clock
                    var now = UtcNanos.FromDateTimeOffset(clock.GetUtcNow());
                    var end = (UtcNanos.FloorDiv(now + 2 * UtcNanos.PerSecond, UtcNanos.PerMinute) + 1) * UtcNanos.PerMinute;
                    clock.Advance(TimeSpan.FromTicks((end - 1_500 * UtcNanos.PerMillisecond - now) / 100));
                    await using var candles = await client.SubscribeCoreAsync<byte[]>(NatsSubjects.CandlesPublic(symbol, Timeframe.OneMinute), cancellationToken: Ct);
                    await client.PingAsync(Ct);
                    for (var k = 0; k < 5; k++)
                    {
                        var stamp = UtcNanos.ToIso8601(UtcNanos.FromDateTimeOffset(clock.GetUtcNow()));
                        await feeder.PublishAsync(NatsSubjects.TicksRaw(symbol), NatsInputSamples.Utf8(
                            $$$"""{"schema_version":1,"type":"tick","symbol":"{{{symbol}}}","timestamp":"{{{stamp}}}","timeframe":null,"data":{"price":{{{100 + k}}}.25,"size":10}}"""), cancellationToken: Ct);
                        await Task.Delay(100, Ct);
                    }
                    await feeder.PingAsync(Ct);
                    // nothing more is published: only the clock can close this candle
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
                    timeout.CancelAfter(TimeSpan.FromSeconds(10));
                    var message = await candles.Msgs.ReadAsync(timeout.Token);
                    var arrived = UtcNanos.FromDateTimeOffset(clock.GetUtcNow());
                    var json = System.Text.Encoding.UTF8.GetString(message.Data!);
                    Assert.Contains($"\"close_time\":\"{UtcNanos.ToIso8601(end)}\"", json, StringComparison.Ordinal);
                    Assert.Contains("\"tick_count\":5", json, StringComparison.Ordinal);
                    latenesses.Add((arrived - end) / (double)UtcNanos.PerMillisecond);
                }
                Assert.True(engine.Clock!.Rounds > 0 && engine.Clock.Skipped == 0, $"clock: {engine.Clock.Rounds} rounds, {engine.Clock.Skipped} skipped");
                Assert.Equal(0, engine.Clock.SteadyAllocatedBytes);
            }
            var sorted = latenesses.Order().ToArray();
            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"1m candle after its end (ms), {runs} runs: median {sorted[sorted.Length / 2]:0.0}, min {sorted[0]:0.0}, max {sorted[^1]:0.0}; all: {string.Join(", ", latenesses.Select(l => l.ToString("0.0", CultureInfo.InvariantCulture)))}"));
            var bound = (interval + Lateness + TimeSpan.FromMilliseconds(100)).TotalMilliseconds;
            Assert.All(latenesses, l => Assert.InRange(l, Lateness.TotalMilliseconds, bound));

            // clock nodes fired live, and the journal's replay (its timers included) gives every public output the run gave
            var timers = 0;
            using (var journal = new JournalReader(journalDir, new SymbolRegistry()))
            {
                foreach (var e in journal)
                    timers += e.Kind == MarketEventKind.Timer ? 1 : 0;
            }
            Assert.Equal(engine.Clock!.Injected, timers);
            for (var i = 0; i < runs; i++)
            {
                await recorders[i].QuiesceAsync(Ct);
                var live = recorders[i].Received.ToArray();
                Assert.Contains(live, m => m.Subject == NatsSubjects.IndicatorsPublic(symbols[i], "clock"));
                var replayed = ReplayedOutputs.Split(pipelinePath, instrumentsPath, symbols[i], journalDir, [])[0];
                Assert.Equal(replayed.Count, live.Length);
                foreach (var group in replayed.GroupBy(m => m.Subject))
                    Assert.Equal(group.Select(m => m.Json).ToArray(), live.Where(m => m.Subject == group.Key).Select(m => m.Json).ToArray());
            }
            foreach (var recorder in recorders)
                await recorder.DisposeAsync();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The system clock plus an offset that only moves forward (the live clock's rounds never go back in time).</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        private long _offsetTicks = offset.Ticks;

        public void Advance(TimeSpan by)
        {
            Assert.True(by >= TimeSpan.Zero, $"the shifted clock only moves forward ({by})");
            Interlocked.Add(ref _offsetTicks, by.Ticks);
        }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
    }
}
