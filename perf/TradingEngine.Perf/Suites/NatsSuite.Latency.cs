using TradingEngine.Hosting;
using System.Diagnostics;
using HdrHistogram;
using NATS.Client.Core;
using TradingEngine.Cli.Commands;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

public sealed partial class NatsSuite
{
    /// <summary>Percentiles in nanoseconds, and what the measured output was.</summary>
    public sealed record LatencyResult(long P50, long P90, long P99, long P999, long Max, long Count, string Output);

    // 1 s candles in the US session: each tick (1.001 s after the previous) closes the candle of the one before, so
    // every tick produces exactly one public output, published by the whole live path.
    private const string LatencyPipeline = """
        pipeline: nats_latency
        timeframes: [1s]
        session:
          timezone: America/New_York
          open: "09:30"
          close: "16:00"
          days: [mon, tue, wed, thu, fri]
        tick_size: 0.01
        nodes:
          - id: close_1s
            kind: candle_field
            inputs: [candles:1s]
        """;

    private static LatencyResult RunLatency(string url, int ticks, int warmup, Pace pace) =>
        Task.Run(() => RunLatencyAsync(url, ticks, warmup, pace)).GetAwaiter().GetResult();

    private static async Task<LatencyResult> RunLatencyAsync(string url, int ticks, int warmup, Pace pace)
    {
        var dir = Directory.CreateTempSubdirectory("te-perf-nats-latency-").FullName;
        try
        {
            var pipelinePath = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipelinePath, LatencyPipeline);
            var options = new NatsLiveEngineOptions
            {
                PipelinePath = pipelinePath,
                InstrumentsPath = Path.Combine(RunEnvironment.RepositoryRoot(), "pipelines", "instruments.yaml"),
                Symbols = [Symbol],
                JournalDirectory = Path.Combine(dir, "journal"),
                External = new NatsEndpoint { Url = url, Name = "perf-engine" },
                PublishInternal = false,
            };
            var total = ticks + warmup;
            var sent = new long[total + 1];
            // the candle whose bucket holds tick i-1 is closed (and published) by tick i
            var closedBy = new Dictionary<long, int>(total);
            for (var i = 1; i <= total; i++)
                closedBy[UtcNanos.FloorDiv(TapeTime(i - 1), UtcNanos.PerSecond) * UtcNanos.PerSecond] = i;

            var histogram = new LongHistogram(TimeSpan.FromSeconds(10).Ticks * 100, 3);
            var received = 0;
            await using var engine = await NatsLiveEngine.StartAsync(options);
            await using var client = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = url, Name = "perf-latency-client" });
            var symbols = new SymbolRegistry();
            var decoder = new JsonMessageDecoder(symbols);
            await using var sub = await client.SubscribeCoreAsync(NatsSubjects.CandlesPublic(Symbol, Timeframe.OneSecond), serializer: NatsRawSerializer<byte[]>.Default);
            await client.PingAsync();
            var listener = Task.Run(async () =>
            {
                await foreach (var msg in sub.Msgs.ReadAllAsync())
                {
                    var now = Stopwatch.GetTimestamp();
                    if (!decoder.Decode(msg.Data, out OutputMessage m).IsSuccess || !closedBy.TryGetValue(m.Candle.OpenTime, out var by))
                        continue;
                    if (by > warmup && Volatile.Read(ref sent[by]) != 0)
                        histogram.RecordValue((long)Stopwatch.GetElapsedTime(sent[by], now).TotalNanoseconds);
                    if (Interlocked.Increment(ref received) >= total)
                        break;
                }
            });

            var id = symbols.GetOrAdd(Symbol);
            await PublishPacedAsync(client, new JsonMessageEncoder(symbols), NatsSubjects.TicksRaw(Symbol), total + 1, pace, sent,
                i => Tick.Create(id, TapeTime(i), new Price(1_674_200 + (i % 50) * 100, 4), new Quantity(100, 0)));
            await Task.WhenAny(listener, Task.Delay(TimeSpan.FromSeconds(30)));
            return Percentiles(histogram,
                "candles.public (the 1s candle each tick closes): tick JSON published -> NATS -> ingestion -> input ring -> executor -> output ring -> publisher -> NATS -> client");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
