using TradingEngine.Hosting;
using TradingEngine.IntegrationTests.Recovery;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Nats;

/// <summary>
/// External triggers through te run's engine (docs/scaling.md, "External triggers"): a <c>timer</c> message on
/// <c>dag.trigger.{sym}</c> makes the symbol's DAG re-evaluate with no tick: the <c>timer</c> node fires and the 1m
/// candle whose minute the trigger's time has passed closes. The engine runs without its live clock, so nothing but the
/// trigger can do either; the trigger is journaled, and a replay of the journal gives the same public outputs.
/// </summary>
public sealed class DagTriggerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Pipeline = """
        pipeline: triggered
        timeframes: [1m]
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
    public async Task A_timer_on_dag_trigger_re_evaluates_the_symbols_dag_closes_its_ended_candle_and_replays_the_same()
    {
        await using var client = await Services.RequireNatsAsync();
        var dir = Directory.CreateTempSubdirectory("te-trigger-").FullName;
        try
        {
            var symbol = "T" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
            var instrumentsPath = await EquityInstrumentFile.WriteAsync(dir, [symbol], Ct);
            var pipelinePath = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipelinePath, Pipeline, Ct);
            var journalDir = Path.Combine(dir, "journal");
            await using var recorder = await PublicOutputRecorder.StartAsync(client, symbol, Ct);
            var options = new NatsLiveEngineOptions
            {
                PipelinePath = pipelinePath, InstrumentsPath = instrumentsPath, Symbols = [symbol], JournalDirectory = journalDir,
                External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-trigger-engine" },
                ClockInterval = TimeSpan.Zero, // no live clock: only the trigger can close the candle or fire the timer node
            };
            var minute = (UtcNanos.FloorDiv(UtcNanos.FromDateTimeOffset(DateTimeOffset.UtcNow), UtcNanos.PerMinute) - 10) * UtcNanos.PerMinute;
            var engine = await NatsLiveEngine.StartAsync(options, Ct);
            await using (engine)
            {
                for (var k = 0; k < 3; k++)
                {
                    var stamp = UtcNanos.ToIso8601(minute + (k + 1) * UtcNanos.PerSecond);
                    await client.PublishAsync(NatsSubjects.TicksRaw(symbol), NatsInputSamples.Utf8(
                        $$$"""{"schema_version":1,"type":"tick","symbol":"{{{symbol}}}","timestamp":"{{{stamp}}}","timeframe":null,"data":{"price":{{{100 + k}}}.25,"size":10}}"""), cancellationToken: Ct);
                }
                await client.PingAsync(Ct);
                await Task.Delay(300, Ct);
                Assert.DoesNotContain(recorder.Received, m => m.Subject == NatsSubjects.CandlesPublic(symbol, Timeframe.OneMinute));

                // the external event: 5 s after the minute's end
                var trigger = UtcNanos.ToIso8601(minute + UtcNanos.PerMinute + 5 * UtcNanos.PerSecond);
                await client.PublishAsync(NatsSubjects.DagTrigger(symbol), NatsInputSamples.Utf8(
                    $$$"""{"schema_version":1,"type":"timer","symbol":"{{{symbol}}}","timestamp":"{{{trigger}}}","timeframe":null,"data":{}}"""), cancellationToken: Ct);
                await client.PingAsync(Ct);
                await Eventually.TrueAsync(() => recorder.Received.Any(m => m.Subject == NatsSubjects.IndicatorsPublic(symbol, "clock"))
                        && recorder.Received.Any(m => m.Subject == NatsSubjects.CandlesPublic(symbol, Timeframe.OneMinute)),
                    TimeSpan.FromSeconds(10), () => $"after the trigger: {string.Join(", ", recorder.Received.Select(m => m.Subject))}");
                var candle = recorder.Received.First(m => m.Subject == NatsSubjects.CandlesPublic(symbol, Timeframe.OneMinute)).Json;
                Assert.Contains($"\"close_time\":\"{UtcNanos.ToIso8601(minute + UtcNanos.PerMinute)}\"", candle, StringComparison.Ordinal);
                Assert.Contains("\"tick_count\":3", candle, StringComparison.Ordinal);
            }

            var timers = 0;
            using (var journal = new JournalReader(journalDir, new SymbolRegistry()))
            {
                foreach (var e in journal)
                    timers += e.Kind == MarketEventKind.Timer ? 1 : 0;
            }
            Assert.Equal(1, timers);
            await recorder.QuiesceAsync(Ct);
            var live = recorder.Received.ToArray();
            var replayed = ReplayedOutputs.Split(pipelinePath, instrumentsPath, symbol, journalDir, [])[0];
            Assert.Equal(replayed.Count, live.Length);
            foreach (var group in replayed.GroupBy(m => m.Subject))
                Assert.Equal(group.Select(m => m.Json).ToArray(), live.Where(m => m.Subject == group.Key).Select(m => m.Json).ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
