using System.Diagnostics;
using NATS.Client.Core;
using TradingEngine.Journal.Import;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

public sealed partial class NatsSuite
{
    private const string Symbol = "SPY";

    private sealed record ThroughputResult(double[] Raw, double[] Ingest, double[] Ratios, long Lost)
    {
        public double RawMedian => Stats.Median(Raw);
        public double IngestMedian => Stats.Median(Ingest);
        public double RatioMedian => Stats.Median(Ratios);
    }

    private static ThroughputResult RunThroughput(string url, byte[][] payloads, int messages, int pairs)
    {
        WarnIfTicksArePersisted(url);
        // warm-up: JIT tiers and connection buffers for both sides before anything is recorded. It must reach tier 1 of
        // the ingestion path (decoder, stage, ring): with 40k messages a quick run measured the background JIT thread
        // (a quarter of the CPU in a profile) rather than ingestion
        RawRun(url, payloads, Math.Max(messages / 2, 200_000));
        IngestRun(url, payloads, Math.Max(messages / 2, 200_000));
        var raw = new List<double>();
        var ingest = new List<double>();
        var ratios = new List<double>();
        long lost = 0;
        for (var i = 0; i < pairs; i++)
        {
            // alternate which side goes first, so a machine-mode flip mid-pair does not favour one
            double r, j;
            long l1, l2;
            if (i % 2 == 0)
            {
                (r, l1) = RawRun(url, payloads, messages);
                (j, l2) = IngestRun(url, payloads, messages);
            }
            else
            {
                (j, l2) = IngestRun(url, payloads, messages);
                (r, l1) = RawRun(url, payloads, messages);
            }
            lost += l1 + l2;
            raw.Add(r);
            ingest.Add(j);
            ratios.Add(j / r);
            Console.WriteLine($"  pair {i + 1}: raw {Rate(r)} msgs/s, ingestion {Rate(j)} msgs/s, ratio {j / r:F2}{(l1 + l2 > 0 ? $", LOST {l1 + l2}" : "")}");
        }
        return new ThroughputResult([.. raw], [.. ingest], [.. ratios], lost);
    }

    /// <summary>
    /// A JetStream stream on <c>ticks.raw.&gt;</c> (left by <c>te run --jetstream</c>) makes the server persist every
    /// ingestion-side message and none of the raw side's: say so, the comparison would be unfair.
    /// </summary>
    private static void WarnIfTicksArePersisted(string url) => Task.Run(async () =>
    {
        await using var connection = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = url, Name = "perf-check" });
        try
        {
            var js = new NATS.Client.JetStream.NatsJSContext(connection);
            await foreach (var stream in js.ListStreamsAsync())
            {
                var subjects = stream.Info.Config.Subjects ?? [];
                if (subjects.Any(s => s is "ticks.raw.>" or "ticks.raw.*" or ">" || s.StartsWith("ticks.raw.", StringComparison.Ordinal)))
                    Console.WriteLine($"# WARNING: stream {stream.Info.Config.Name} persists {string.Join(",", subjects)}: the ingestion side pays for JetStream, the raw side does not");
            }
        }
        catch (NatsException)
        {
            // no JetStream on this server: nothing can persist the ticks
        }
    }).GetAwaiter().GetResult();

    /// <summary>The baseline: NATS.Net hands us each payload (pooled), we count it and give it back. No decoding.</summary>
    private static (double Rate, long Lost) RawRun(string url, byte[][] payloads, int messages)
    {
        return Task.Run(async () =>
        {
            var subject = "perf.raw." + Guid.NewGuid().ToString("N")[..8];
            await using var connection = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = url, Name = "perf-raw" });
            var opts = new NatsSubOpts { ChannelOpts = new NatsSubChannelOpts { Capacity = 65_536, FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait } };
            await using var sub = await connection.SubscribeCoreAsync(subject, serializer: NatsRawSerializer<NatsMemoryOwner<byte>>.Default, opts: opts);
            await connection.PingAsync();
            long count = 0;
            var reader = Task.Run(async () =>
            {
                while (count < messages && await sub.Msgs.WaitToReadAsync())
                {
                    while (sub.Msgs.TryRead(out var msg))
                    {
                        msg.Data.Dispose();
                        if (++count == messages)
                            break;
                    }
                }
            });
            var (start, done) = await PublishAsync(url, subject, payloads, messages, reader);
            var lost = messages - Volatile.Read(ref count);
            return (Rate(messages - lost, start, done), lost);
        }).GetAwaiter().GetResult();
    }

    /// <summary>The engine's ingestion: decode, validate, claim and publish a ring slot; a consumer drains the ring.</summary>
    private static (double Rate, long Lost) IngestRun(string url, byte[][] payloads, int messages)
    {
        return Task.Run(async () =>
        {
            var symbols = new SymbolRegistry();
            var instruments = Instruments(symbols);
            var ring = RingBuffer<MarketEvent>.CreateMultiProducer(65_536, new BlockingWaitStrategy());
            var pipeline = new RingPipeline<MarketEvent>(ring);
            var counter = new EventCounter();
            pipeline.Add(new CountingHandler(counter));
            pipeline.Start();
            await using var connection = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = url, Name = "perf-ingest" });
            // payloads are cycled, so event time jumps back once per cycle: a tolerance wider than the data keeps
            // every message (the order check still runs)
            var options = new IngestionOptions { Symbols = [Symbol], Quotes = false, Candles = false, OutOfOrderTolerance = TimeSpan.FromDays(3650) };
            await using (var ingestor = new MarketDataIngestor(connection, ring, symbols, new JsonInputDecoder(symbols, instruments), options))
            {
                await ingestor.StartAsync();
                var consumed = Task.Run(() =>
                {
                    var spin = new SpinWait();
                    var deadline = Environment.TickCount64 + 120_000;
                    while (counter.Count < messages && Environment.TickCount64 < deadline)
                        spin.SpinOnce(sleep1Threshold: 20);
                });
                var (start, done) = await PublishAsync(url, NatsSubjects.TicksRaw(Symbol), payloads, messages, consumed);
                var lost = messages - counter.Count;
                if (ingestor.Counters.RejectedTotal > 0)
                    Console.WriteLine($"  ingestion rejected messages: {ingestor.Counters}");
                pipeline.Shutdown(TimeSpan.FromSeconds(5));
                return (Rate(messages - lost, start, done), lost);
            }
        }).GetAwaiter().GetResult();
    }

    /// <summary>Publishes from a connection of its own as fast as it goes; returns the start and when the receiver finished.</summary>
    private static async Task<(long Start, long Done)> PublishAsync(string url, string subject, byte[][] payloads, int messages, Task receiver)
    {
        await using var publisher = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = url, Name = "perf-publisher" });
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < messages; i++)
            await publisher.PublishAsync(subject, (ReadOnlyMemory<byte>)payloads[i % payloads.Length], serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default);
        await publisher.PingAsync();
        await Task.WhenAny(receiver, Task.Delay(TimeSpan.FromSeconds(120)));
        return (start, Stopwatch.GetTimestamp());
    }

    private static double Rate(long count, long start, long done) => count / Stopwatch.GetElapsedTime(start, done).TotalSeconds;

    private static InstrumentRegistry Instruments(SymbolRegistry symbols) =>
        InstrumentRegistry.Load(Path.Combine(RunEnvironment.RepositoryRoot(), "pipelines", "instruments.yaml"), symbols);

    /// <summary>Real SPY trades as the external JSON contract (the data in ../shared/data, TE_DATA_DIR to override).</summary>
    private static byte[][] TickPayloads(int count)
    {
        var root = Environment.GetEnvironmentVariable("TE_DATA_DIR") ?? Path.Combine(RunEnvironment.RepositoryRoot(), "..", "shared", "data");
        var file = Path.Combine(root, "ticks", "lean_equity_2013-10", "trades", "20131008_spy_Trade_Tick.csv");
        if (!File.Exists(file))
            throw new FileNotFoundException($"real tick data not found at {file} (set TE_DATA_DIR)");
        var symbols = new SymbolRegistry();
        var encoder = new JsonMessageEncoder(symbols);
        using var reader = new LeanEquityTradeReader(file, symbols.GetOrAdd(Symbol));
        var payloads = new List<byte[]>(count);
        foreach (var tick in reader)
        {
            payloads.Add(encoder.EncodeToArray(tick));
            if (payloads.Count == count)
                break;
        }
        return [.. payloads];
    }

    private sealed class EventCounter
    {
        private long _count;

        public long Count => Volatile.Read(ref _count);

        public void Add(long n) => Volatile.Write(ref _count, _count + n);
    }

    private readonly struct CountingHandler(EventCounter counter) : IEventHandler<MarketEvent>
    {
        public void OnStart()
        {
        }

        public void OnBatchStart(long batchSize) => counter.Add(batchSize);

        public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
        {
        }

        public void OnTimeout(long sequence)
        {
        }

        public void OnShutdown()
        {
        }
    }
}
