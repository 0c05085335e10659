using TradingEngine.Hosting;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using NATS.Client.Core;
using TradingEngine.Cli.Commands;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

public sealed partial class NatsSuite
{
    /// <summary>
    /// Tick → signal through the live engine, and its baseline from the same run: the same ticks, paced the same,
    /// through the same server to a bare NATS.Net echo (subscribe, publish the payload back) instead of the engine.
    /// <see cref="Engine"/> and <see cref="Echo"/> merge every round's histogram; ratios are engine / echo.
    /// </summary>
    public sealed record SignalLatencyResult(LatencyResult Engine, LatencyResult Echo, SignalRound[] Rounds, long Signals, long TicksPublished)
    {
        public double RatioP50 => Ratio(Engine.P50, Echo.P50);
        public double RatioP99 => Ratio(Engine.P99, Echo.P99);
        public double RoundRatioP50Median => Stats.Median([.. Rounds.Select(r => r.RatioP50)]);
    }

    /// <summary>
    /// One echo run and one engine run, back to back (the order alternates between rounds), with the mean interval
    /// between ticks each publisher achieved.
    /// </summary>
    public sealed record SignalRound(LatencyResult Engine, LatencyResult Echo, bool EchoFirst, double EngineIntervalUs, double EchoIntervalUs)
    {
        public double RatioP50 => Ratio(Engine.P50, Echo.P50);
        public double RatioP99 => Ratio(Engine.P99, Echo.P99);
    }

    private static double Ratio(long engine, long echo) => (double)engine / Math.Max(1, echo);

    /// <summary>Tape of the latency runs: ticks 1.001 s apart from 09:30:00.5 New York, each alone in its 1 s candle.</summary>
    private static readonly long TapeStart = UtcNanos.FromDateTime(new DateTime(2013, 10, 8, 13, 30, 0, 500, DateTimeKind.Utc));

    private const long TapeSpacing = 1_001 * UtcNanos.PerMillisecond;

    private static long TapeTime(int i) => TapeStart + i * TapeSpacing;

    /// <summary>The first tape tick at or after <paramref name="eventTime"/>: the one whose arrival produced an output stamped with it.</summary>
    private static int TapeIndexAtOrAfter(long eventTime) => (int)Math.Max(0, (eventTime - TapeStart + TapeSpacing - 1) / TapeSpacing);

    private static SignalLatencyResult RunSignalLatency(string url, int ticks, int warmup, Pace pace, int rounds) =>
        Task.Run(async () =>
        {
            var engine = NewLatencyHistogram();
            var echo = NewLatencyHistogram();
            var perRound = new List<SignalRound>();
            long signals = 0, published = 0;
            for (var r = 0; r < rounds; r++)
            {
                // alternate which side goes first, so a load change on this shared machine does not favour one
                var echoFirst = r % 2 == 0;
                (LongHistogram Histogram, TimeSpan Took)? e = null;
                if (echoFirst)
                    e = await RunEchoAsync(url, ticks, warmup, pace);
                var (s, n, took) = await RunTickToSignalAsync(url, ticks, warmup, pace);
                e ??= await RunEchoAsync(url, ticks, warmup, pace);
                engine.Add(s);
                echo.Add(e.Value.Histogram);
                signals += n;
                published += ticks + warmup;
                var round = new SignalRound(Percentiles(s, SignalOutput), Percentiles(e.Value.Histogram, EchoOutput), echoFirst,
                    took.TotalMicroseconds / (ticks + warmup - 1), e.Value.Took.TotalMicroseconds / (ticks + warmup - 1));
                perRound.Add(round);
                Console.WriteLine($"  signal round {r + 1} ({(echoFirst ? "echo first" : "engine first")}): tick->signal p50 {Us(round.Engine.P50)} p99 {Us(round.Engine.P99)} us, " +
                    $"echo p50 {Us(round.Echo.P50)} p99 {Us(round.Echo.P99)} us, ticks every {round.EngineIntervalUs:F0}/{round.EchoIntervalUs:F0} us, ratio p50 {round.RatioP50.ToString("F2", CultureInfo.InvariantCulture)}x p99 {round.RatioP99.ToString("F2", CultureInfo.InvariantCulture)}x");
            }
            return new SignalLatencyResult(Percentiles(engine, SignalOutput), Percentiles(echo, EchoOutput), [.. perRound], signals, published);
        }).GetAwaiter().GetResult();

    private const string SignalOutput =
        "strategies.signals (flip_1s's first TradeSignal for the candle each tick closes): tick JSON published -> NATS -> ingestion -> input ring -> executor -> output ring -> publisher -> NATS -> client";

    private const string EchoOutput =
        "raw NATS.Net echo: the same tick JSON published -> NATS -> echo connection -> NATS -> client (no decode before the echo)";

    private static LongHistogram NewLatencyHistogram() => new(TimeSpan.FromSeconds(10).Ticks * 100, 3);

    /// <summary>
    /// <c>te run</c>'s engine with <c>perf/pipelines/nats_signals.yaml</c>: a tick on <c>ticks.raw.SPY</c> whose
    /// arrival closes a candle makes <c>flip_1s</c> emit one or two TradeSignals stamped with that candle's close
    /// time; the subscriber on <c>strategies.signals.SPY</c> maps the stamp back to the tick (the first at or after it)
    /// and records publish → receipt of that tick's first signal.
    /// </summary>
    private static async Task<(LongHistogram Histogram, long Signals, TimeSpan Took)> RunTickToSignalAsync(string url, int ticks, int warmup, Pace pace)
    {
        var dir = Directory.CreateTempSubdirectory("te-perf-nats-signals-").FullName;
        try
        {
            var options = new NatsLiveEngineOptions
            {
                PipelinePath = Path.Combine(RunEnvironment.RepositoryRoot(), "perf", "pipelines", "nats_signals.yaml"),
                InstrumentsPath = Path.Combine(RunEnvironment.RepositoryRoot(), "pipelines", "instruments.yaml"),
                Symbols = [Symbol],
                JournalDirectory = Path.Combine(dir, "journal"),
                External = new NatsEndpoint { Url = url, Name = "perf-engine" },
                PublishInternal = false,
            };
            var total = ticks + warmup;
            var sent = new long[total];
            var recorded = new bool[total];
            var histogram = NewLatencyHistogram();
            long signals = 0;
            long lastReceipt = 0;
            await using var engine = await NatsLiveEngine.StartAsync(options);
            await using var client = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = url, Name = "perf-signal-client" });
            var decoder = new JsonMessageDecoder(new SymbolRegistry());
            await using var sub = await client.SubscribeCoreAsync(NatsSubjects.StrategiesSignals(Symbol), serializer: NatsRawSerializer<byte[]>.Default);
            await client.PingAsync();
            var listener = Task.Run(async () =>
            {
                await foreach (var msg in sub.Msgs.ReadAllAsync())
                {
                    var now = Stopwatch.GetTimestamp();
                    if (!decoder.Decode(msg.Data, out OutputMessage m).IsSuccess || m.Kind != MessageType.TradeSignal)
                        continue;
                    Interlocked.Increment(ref signals);
                    Volatile.Write(ref lastReceipt, now);
                    // entry and protective stop come from one tick: the tick's latency is that of its first signal
                    var by = TapeIndexAtOrAfter(m.TradeSignal.EventTime);
                    if (by < warmup || by >= total || recorded[by] || Volatile.Read(ref sent[by]) == 0)
                        continue;
                    recorded[by] = true;
                    histogram.RecordValue((long)Stopwatch.GetElapsedTime(sent[by], now).TotalNanoseconds);
                }
            });

            var symbols = new SymbolRegistry();
            var id = symbols.GetOrAdd(Symbol);
            var took = await PublishPacedAsync(client, new JsonMessageEncoder(symbols), NatsSubjects.TicksRaw(Symbol), total, pace, sent,
                i => Tick.Create(id, TapeTime(i), new Price(1_674_200 + (i % 2) * 500, 4), new Quantity(100, 0)));
            await SettleAsync(() => Volatile.Read(ref lastReceipt));
            await sub.UnsubscribeAsync();
            await listener;
            return (histogram, Interlocked.Read(ref signals), took);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The baseline: a connection of its own (as the engine's) subscribes to the tick subject and publishes every
    /// payload it gets back on a reply subject; the client records publish → receipt. Two server hops, no engine.
    /// </summary>
    private static async Task<(LongHistogram Histogram, TimeSpan Took)> RunEchoAsync(string url, int ticks, int warmup, Pace pace)
    {
        var subject = "perf.echo." + Guid.NewGuid().ToString("N")[..8];
        var total = ticks + warmup;
        var sent = new long[total];
        var histogram = NewLatencyHistogram();
        long lastReceipt = 0;
        await using var echo = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = url, Name = "perf-echo" });
        await using var client = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = url, Name = "perf-echo-client" });
        await using var inbound = await echo.SubscribeCoreAsync(subject + ".in", serializer: NatsRawSerializer<byte[]>.Default);
        await using var replies = await client.SubscribeCoreAsync(subject + ".out", serializer: NatsRawSerializer<byte[]>.Default);
        await echo.PingAsync();
        await client.PingAsync();
        var echoer = Task.Run(async () =>
        {
            await foreach (var msg in inbound.Msgs.ReadAllAsync())
                await echo.PublishAsync(subject + ".out", msg.Data, serializer: NatsRawSerializer<byte[]>.Default);
        });
        var decoder = new JsonMessageDecoder(new SymbolRegistry());
        var listener = Task.Run(async () =>
        {
            await foreach (var msg in replies.Msgs.ReadAllAsync())
            {
                var now = Stopwatch.GetTimestamp();
                Volatile.Write(ref lastReceipt, now);
                // the same decode the engine side does after taking its timestamp: find the tick by its event time
                if (!decoder.Decode(msg.Data, out MarketEvent e).IsSuccess)
                    continue;
                var by = TapeIndexAtOrAfter(e.Tick.EventTime);
                if (by >= warmup && by < total && Volatile.Read(ref sent[by]) != 0)
                    histogram.RecordValue((long)Stopwatch.GetElapsedTime(sent[by], now).TotalNanoseconds);
            }
        });

        var symbols = new SymbolRegistry();
        var id = symbols.GetOrAdd(Symbol);
        var took = await PublishPacedAsync(client, new JsonMessageEncoder(symbols), subject + ".in", total, pace, sent,
            i => Tick.Create(id, TapeTime(i), new Price(1_674_200 + (i % 2) * 500, 4), new Quantity(100, 0)));
        await SettleAsync(() => Volatile.Read(ref lastReceipt));
        await inbound.UnsubscribeAsync();
        await replies.UnsubscribeAsync();
        await Task.WhenAll(echoer, listener);
        return (histogram, took);
    }

    /// <summary>
    /// How the latency runs pace their ticks: one every <see cref="Interval"/> from the start. Between ticks the
    /// publisher sleeps (at least 1 ms, the timer's resolution, then catches up with back-to-back publishes), or with
    /// <see cref="Spin"/> polls the clock without blocking — which on this 2-vCPU machine holds one core for the whole
    /// run, so the engine's threads, the server and the client share the other and wait out scheduler slices.
    /// </summary>
    private readonly record struct Pace(TimeSpan Interval, bool Spin);

    /// <summary>
    /// Publishes <paramref name="count"/> ticks, the i-th when i × the interval has elapsed, stamping <c>sent[i]</c> just
    /// before each publish; returns how long it took (the achieved pace).
    /// </summary>
    private static async Task<TimeSpan> PublishPacedAsync(NatsConnection client, JsonMessageEncoder encoder, string subject, int count, Pace pace, long[] sent, Func<int, Tick> tickAt)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var tick = tickAt(i);
            buffer.ResetWrittenCount();
            encoder.Encode(in tick, buffer);
            var due = pace.Interval * i;
            if (pace.Spin)
            {
                while (clock.Elapsed < due)
                    await Task.Delay(due - clock.Elapsed > TimeSpan.FromMilliseconds(2) ? due - clock.Elapsed - TimeSpan.FromMilliseconds(1) : TimeSpan.Zero);
            }
            else if (due - clock.Elapsed is { Ticks: > 0 } wait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(wait.TotalMilliseconds))));
            }
            Volatile.Write(ref sent[i], Stopwatch.GetTimestamp());
            await client.PublishAsync(subject, buffer.WrittenMemory, serializer: NatsRawSerializer<ReadOnlyMemory<byte>>.Default);
        }
        var elapsed = clock.Elapsed;
        await client.PingAsync();
        return elapsed;
    }

    /// <summary>Waits until nothing has arrived for a second (at most 30 s): what is still in flight is received.</summary>
    private static async Task SettleAsync(Func<long> lastReceipt)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        var quietSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(100);
            var last = Math.Max(lastReceipt(), quietSince);
            if (Stopwatch.GetElapsedTime(last).TotalSeconds >= 1)
                return;
        }
    }

    private static LatencyResult Percentiles(LongHistogram h, string output) =>
        new(h.GetValueAtPercentile(50), h.GetValueAtPercentile(90), h.GetValueAtPercentile(99), h.GetValueAtPercentile(99.9), h.GetMaxValue(), h.TotalCount, output);
}
