using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HdrHistogram;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TradingEngine.Feeder;
using TradingEngine.Gateway;
using TradingEngine.Journal.Import;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// The <c>gateway</c> suite (issue 23), over loopback, one nats-server with JetStream:
/// <list type="number">
/// <item>Throughput: real SPY trades (1M; --quick 200k) from one feeder core (batches of --batch, --in-flight of them posted
/// before the first is answered, gzip unless --gzip off) through te gateway's <c>POST /v1/md/batches</c> into a JetStream
/// stream, every row acked before the reply, against a raw NATS.Net JetStream publisher of the same JSON payloads (core
/// publishes with message ids and one ack inbox, windows of the same batch size, every ack checked), and, for information,
/// NATS.Net's per-message <c>NatsJSContext.PublishAsync</c>. Alternated runs; the stream is purged between runs; bar:
/// ≥ 200k ticks/s and gateway / raw ≥ 0.8 (median ratio).
/// p50/p99 of the gateway's batch latency (send → 200).</item>
/// <item>Refusal: --refusal-ticks trades paced at --refusal-rate while the gateway is down for --refusal-seconds (30; --quick 3)
/// mid-stream (connection refused): the feeder spills, then drains; lost and duplicated counted in the stream.</item>
/// </list>
/// </summary>
public sealed class GatewaySuite : ISuite
{
    private const string Stream = "TE_PERF_GW";
    private const string Token = "perf-feeder-token";
    private const string FeederId = "perf";

    public string Name => "gateway";

    public string Description => "feeder core -> te gateway (HTTP, gzip) -> JetStream with acks vs a raw NATS.Net JetStream publisher; batch latency; 30 s refusal drained";

    public int Run(SuiteOptions options)
    {
        var quick = options.Quick;
        var ticks = (int)options.Int("--ticks", quick ? 200_000 : 1_000_000);
        var pairs = (int)options.Int("--pairs", quick ? 1 : 3);
        var batch = (int)options.Int("--batch", 5_000);
        var refusalSeconds = (int)options.Int("--refusal-seconds", quick ? 3 : 30);
        var refusalTicks = (int)options.Int("--refusal-ticks", quick ? 30_000 : 200_000);
        var refusalRate = (int)options.Int("--refusal-rate", 5_000);
        var gzip = options.Value("--gzip") != "off";
        var inFlight = (int)options.Int("--in-flight", 4);
        var files = SpyData.Files(quick: false);
        if (files.Length == 0)
        {
            Console.WriteLine(SpyData.MissingMessage(Name));
            return 0;
        }
        var clock = Stopwatch.StartNew();
        using var server = NatsSuite.ServerFor(options.Value("--nats") ?? Environment.GetEnvironmentVariable("TE_NATS_URL"));
        var events = Load(files, ticks);
        Console.WriteLine($"# gateway suite ({(quick ? "quick" : "full")}): server {server.Url}, {events.Count:N0} real SPY trades, batches of {batch:N0} (gzip {(gzip ? "on" : "off")}, {inFlight} in flight), {pairs} pairs, " +
            $"{Environment.ProcessorCount} cpus, {RunEnvironment.CpuModel()}");
        var payloads = events.Select(e => Encoding.UTF8.GetBytes(Json(e))).ToArray();

        var (gatewayRuns, rawRuns, jsRuns, latency, gatewayCosts, rawCosts) = RunThroughput(server.Url, events, payloads, batch, pairs, gzip, inFlight);
        var breakdownTicks = Math.Min(events.Count, 100_000);
        var breakdown = GatewayBreakdown.Run(server.Url, Stream, events.GetRange(0, breakdownTicks), batch, gzip);
        Console.WriteLine($"# where a tick's cost goes ({breakdownTicks:N0} trades, each stage alone, batches of {batch:N0}):");
        Console.WriteLine(GatewayBreakdown.Describe(breakdown));
        var ratios = gatewayRuns.Zip(rawRuns, (g, r) => g / r).ToArray();
        var refusal = RunRefusal(server.Url, Load(files, refusalTicks), refusalRate, TimeSpan.FromSeconds(refusalSeconds));

        var gatewayMedian = Stats.Median(gatewayRuns);
        var rawMedian = Stats.Median(rawRuns);
        var ratioMedian = Stats.Median(ratios);
        var jsMedian = jsRuns.Any(double.IsNaN) ? double.NaN : Stats.Median(jsRuns);
        Console.WriteLine($"raw-nats-jetstream-publisher: {Rate(rawMedian)} ticks/s (runs {string.Join(", ", rawRuns.Select(Rate))})");
        Console.WriteLine($"nats.net-jscontext-publishasync (informational): {Rate(jsMedian)} ticks/s (runs {string.Join(", ", jsRuns.Select(Rate))})");
        Console.WriteLine($"feeder->gateway->jetstream: {Rate(gatewayMedian)} ticks/s (runs {string.Join(", ", gatewayRuns.Select(Rate))})");
        Console.WriteLine($"ratio: {ratioMedian.ToString("F2", CultureInfo.InvariantCulture)} (median of per-pair ratios {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"batch latency (ms, {batch:N0} rows, send -> 200): p50 {Ms(latency.GetValueAtPercentile(50))} p99 {Ms(latency.GetValueAtPercentile(99))} max {Ms(latency.GetMaxValue())} (n={latency.TotalCount})");
        Console.WriteLine($"refusal: {refusal.Sent:N0} trades at {refusalRate:N0}/s, gateway refused for {refusalSeconds} s: {refusal.Spilled:N0} batches spilled, " +
            $"drained {refusal.DrainSeconds.ToString("F1", CultureInfo.InvariantCulture)} s after it returned; stream holds {refusal.Stored:N0}: lost {refusal.Lost}, duplicated {refusal.Duplicated}, out of order {refusal.OutOfOrder}");
        var bars = new[]
        {
            (Name: ">= 200k ticks/s from one feeder into JetStream with acks (median)", Met: gatewayMedian >= 200_000, Value: gatewayMedian),
            (Name: "gateway >= 0.8x raw NATS.Net JetStream publisher (median ratio)", Met: ratioMedian >= 0.8, Value: ratioMedian),
            (Name: "refusal: 0 lost, 0 duplicated, in order", Met: refusal.Lost == 0 && refusal.Duplicated == 0 && refusal.OutOfOrder == 0, Value: refusal.Lost + refusal.Duplicated),
        };
        foreach (var bar in bars)
            Console.WriteLine($"# bar {(bar.Met ? "met   " : "MISSED")} {bar.Name}: {bar.Value.ToString("G6", CultureInfo.InvariantCulture)}");

        var path = options.ResultsPath(Name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var result = new
        {
            suite = Name,
            mode = quick ? "quick" : "full",
            environment = RunEnvironment.Describe(),
            config = new
            {
                server = server.Owned ? "nats-server started by the suite (loopback, file store)" : server.Url,
                ticks = events.Count,
                batch,
                gzip,
                pairs,
                payload = "real SPY trades (2013-10) as the external JSON contract (FeedJson), ticks.raw.SPY",
                gateway = $"GatewayServer in process, Kestrel http://127.0.0.1:<free port>, no rate limit; MarketDataFeeder ({(gzip ? "gzip" : "no gzip")}, {inFlight} batches in flight)",
                raw = $"NATS.Net core publish per payload with Nats-Msg-Id (one reused header set, as the gateway) and a reply subject on one inbox subscription, windows of <batch>, {inFlight} unacked at once (the feeder's depth), every ack read and checked, one connection",
                js = "informational: NatsJSContext.PublishAsync per payload with MsgId, windows of <batch> in flight, every ack awaited (Task.WhenAll)",
                stream = "file storage, limits retention, discard new, purged between runs",
            },
            throughput = new { gatewayRuns, rawRuns, ratios, jsRuns = jsRuns.Select(r => double.IsNaN(r) ? (double?)null : r), gatewayMedian, rawMedian, ratioMedian, jsMedian = double.IsNaN(jsMedian) ? (double?)null : jsMedian },
            // this process only (feeder + gateway, or the raw publisher); nats-server's share is the same work in both
            perTick = new { gateway = gatewayCosts, raw = rawCosts },
            // each stage alone on breakdownTicks trades (GatewayBreakdown); the gateway leg minus their sum is HTTP (client, Kestrel, sockets)
            breakdown = new { ticks = breakdownTicks, stages = breakdown.Select(b => new { b.Name, b.Cost.CpuMicroseconds, b.Cost.AllocatedBytes }) },
            batchLatencyMs = new { p50 = Ms(latency.GetValueAtPercentile(50)), p90 = Ms(latency.GetValueAtPercentile(90)), p99 = Ms(latency.GetValueAtPercentile(99)), max = Ms(latency.GetMaxValue()), n = latency.TotalCount },
            refusal = new { refusalSeconds, refusalRate, refusal.Sent, refusal.Spilled, refusal.DrainSeconds, refusal.Stored, refusal.Lost, refusal.Duplicated, refusal.OutOfOrder },
            bars = bars.Select(b => new { b.Name, b.Met, b.Value }).ToArray(),
            elapsedSeconds = clock.Elapsed.TotalSeconds,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"# suite time {clock.Elapsed.TotalSeconds:F1} s; results written to {path}");
        return 0;
    }

    private static (double[] Gateway, double[] Raw, double[] Js, LongHistogram Latency, List<LegCost.Cost> GatewayCosts, List<LegCost.Cost> RawCosts) RunThroughput(string url, List<FeedEvent> events, byte[][] payloads, int batch, int pairs, bool gzip, int inFlight)
    {
        using var owned = new OwnedConnection(Connect(url));
        var nats = owned.Connection;
        var js = new NatsJSContext(nats);
        CreateStream(js);
        var options = Options(url, ["http://127.0.0.1:0"], batch);
        using var gateway = Start(options);
        var latency = new LongHistogram(TimeStamp.Minutes(10), 3);
        var gatewayRuns = new double[pairs];
        var rawRuns = new double[pairs];
        var jsRuns = new double[pairs];
        var gatewayCosts = new List<LegCost.Cost>();
        var rawCosts = new List<LegCost.Cost>();
        // warm-up, not measured: the per-batch code (Kestrel, the gateway's handler) runs once per batch, so it reaches the
        // JIT's optimised tier only after some 60 batches; three rounds of 60 batches of 500 on both paths
        var warm = Math.Min(events.Count, 60 * 500);
        var warmLatency = new LongHistogram(TimeStamp.Minutes(10), 3);
        for (var round = 1; round <= 3; round++)
        {
            Purge(js);
            RunFeeder(gateway.Server.Urls[0], events.GetRange(0, warm), 500, warmLatency, gzip, inFlight);
            Purge(js);
            RunRaw(nats, payloads[..warm], 500, inFlight);
            Thread.Sleep(200); // the background tier-up compiles what the round made hot
        }
        for (var p = 0; p < pairs; p++)
        {
            Purge(js);
            var cost = LegCost.Start();
            gatewayRuns[p] = RunFeeder(gateway.Server.Urls[0], events, batch, latency, gzip, inFlight);
            gatewayCosts.Add(cost.Stop(events.Count));
            Check(js, events.Count, "gateway");
            Purge(js);
            cost = LegCost.Start();
            rawRuns[p] = RunRaw(nats, payloads, batch, inFlight);
            rawCosts.Add(cost.Stop(events.Count));
            Check(js, events.Count, "raw");
            Purge(js);
            try
            {
                jsRuns[p] = RunJsPublishAsync(js, payloads, batch);
                Check(js, events.Count, "NatsJSContext.PublishAsync");
            }
            catch (NatsJSException ex)
            {
                // informational only: on a starved machine its per-message request times out; the bars do not use it
                jsRuns[p] = double.NaN;
                Console.WriteLine($"# pair {p + 1}: NatsJSContext.PublishAsync failed ({ex.Message}), not counted");
            }
            Console.WriteLine($"# pair {p + 1}: gateway {Rate(gatewayRuns[p])} ticks/s, raw {Rate(rawRuns[p])} ticks/s (ratio {(gatewayRuns[p] / rawRuns[p]).ToString("F2", CultureInfo.InvariantCulture)}), NatsJSContext.PublishAsync {Rate(jsRuns[p])} ticks/s");
            Console.WriteLine($"#   this process per tick: gateway {gatewayCosts[^1]}; raw {rawCosts[^1]}");
        }
        return (gatewayRuns, rawRuns, jsRuns, latency, gatewayCosts, rawCosts);
    }

    private static double RunFeeder(string gatewayUrl, List<FeedEvent> events, int batch, LongHistogram latency, bool gzip, int inFlight)
    {
        var dir = Directory.CreateTempSubdirectory("te-perf-gw-").FullName;
        try
        {
            var options = FeederOptions(gatewayUrl, dir, batch, events.Count);
            options.Gzip = gzip;
            options.MaxInFlight = inFlight;
            options.BatchStored = (_, elapsed) =>
            {
                lock (latency)
                    latency.RecordValue(elapsed.Ticks * 100);
            };
            var clock = Stopwatch.StartNew();
            using var feeder = new MarketDataFeeder(options);
            foreach (var e in events)
            {
                if (!feeder.TryEnqueue(e))
                    throw new InvalidOperationException($"the feeder's queue refused a trade: {feeder.Stats}");
            }
            if (!feeder.WaitUntilIdle(TimeSpan.FromMinutes(10)))
                throw new TimeoutException($"the feeder did not drain: {feeder.Stats}");
            return events.Count / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>
    /// The raw baseline: NATS.Net core publishes of the payloads to the stream's subject, each with a <c>Nats-Msg-Id</c> (a
    /// publisher that may retry needs one, as the gateway does) and a reply subject on one inbox subscription where the stream's
    /// acks arrive (the way the Go client's async JetStream publish works, and 3–5× less client time per message than
    /// <see cref="RunJsPublishAsync"/>); windows of <paramref name="batch"/>, up to <paramref name="inFlight"/> of them unacked
    /// at once (the feeder's depth), every ack counted and checked.
    /// </summary>
    private static double RunRaw(NatsConnection nats, byte[][] payloads, int batch, int inFlight)
    {
        var prefix = "_INBOX.perf-acks-" + Guid.NewGuid().ToString("N") + "."; // not under NewInbox(): NATS.Net takes replies there itself
        var opts = new NatsSubOpts { ChannelOpts = new NatsSubChannelOpts { Capacity = 65_536, FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait } };
        var sub = nats.SubscribeCoreAsync(prefix + "*", null, NatsRawSerializer<NatsMemoryOwner<byte>>.Default, opts).AsTask().GetAwaiter().GetResult();
        nats.PingAsync().AsTask().GetAwaiter().GetResult();
        var session = Guid.NewGuid().ToString("N")[..8];
        var headers = new MessageIdHeaders(); // the gateway's own technique: one header set, its id changed per message
        var windows = (payloads.Length + batch - 1) / batch;
        using var credits = new SemaphoreSlim(inFlight, inFlight);
        try
        {
            var clock = Stopwatch.StartNew();
            var acks = Task.Run(async () =>
            {
                var counts = new int[windows];
                for (var total = 0; total < payloads.Length; total++)
                {
                    var ack = await sub.Msgs.ReadAsync();
                    using var data = ack.Data;
                    if (ack.HasNoResponders || data.Length == 0 || data.Span.IndexOf("\"error\""u8) >= 0
                        || !int.TryParse(ack.Subject.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var w) || w >= windows)
                        throw new InvalidOperationException($"raw publisher: ack '{Encoding.UTF8.GetString(data.Span)}' on {ack.Subject}, expected a PubAck on {prefix}<window>");
                    if (++counts[w] == Math.Min(batch, payloads.Length - w * batch))
                        credits.Release();
                }
            });
            Task.Run(async () =>
            {
                for (var w = 0; w < windows; w++)
                {
                    if (await Task.WhenAny(credits.WaitAsync(), acks) == acks)
                        break; // the ack reader failed: its exception is thrown below
                    var reply = prefix + w.ToString(CultureInfo.InvariantCulture);
                    for (int k = 0, i = w * batch, n = Math.Min(batch, payloads.Length - i); k < n; k++)
                    {
                        await nats.PublishAsync("ticks.raw.SPY", payloads[i + k], headers.For($"raw/{session}/{i}/{k}"), reply, NatsRawSerializer<byte[]>.Default);
                    }
                }
            }).GetAwaiter().GetResult();
            acks.GetAwaiter().GetResult();
            return payloads.Length / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            sub.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Informational: NATS.Net's <see cref="NatsJSContext.PublishAsync{T}"/> per payload (with <c>Nats-Msg-Id</c>), windows of <paramref name="batch"/>, every ack awaited.</summary>
    private static double RunJsPublishAsync(NatsJSContext js, byte[][] payloads, int batch)
    {
        var session = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        var acks = new Task<PubAckResponse>[batch];
        for (var i = 0; i < payloads.Length; i += batch)
        {
            var n = Math.Min(batch, payloads.Length - i);
            for (var k = 0; k < n; k++)
                acks[k] = js.PublishAsync("ticks.raw.SPY", payloads[i + k], NatsRawSerializer<byte[]>.Default, new NatsJSPubOpts { MsgId = $"js/{session}/{i}/{k}" }).AsTask();
            Task.WhenAll(acks.Take(n)).GetAwaiter().GetResult();
            foreach (var a in acks.Take(n))
                a.Result.EnsureSuccess();
        }
        return payloads.Length / clock.Elapsed.TotalSeconds;
    }

    private sealed record RefusalResult(long Sent, long Spilled, double DrainSeconds, long Stored, long Lost, long Duplicated, long OutOfOrder);

    /// <summary>Paced trades while the gateway (on a fixed port) is stopped for <paramref name="down"/> and started again.</summary>
    private static RefusalResult RunRefusal(string url, List<FeedEvent> events, int rate, TimeSpan down)
    {
        using var owned = new OwnedConnection(Connect(url));
        var nats = owned.Connection;
        var js = new NatsJSContext(nats);
        CreateStream(js);
        Purge(js);
        var port = FreePort();
        var options = Options(url, [$"http://127.0.0.1:{port}"], 1000) with { MarkBucket = "TE_PERF_GW_MARKS_REFUSAL" };
        var dir = Directory.CreateTempSubdirectory("te-perf-gw-refusal-").FullName;
        var gateway = Start(options);
        try
        {
            using var feeder = new MarketDataFeeder(FeederOptions(gateway.Server.Urls[0], dir, 1000, events.Count));
            var clock = Stopwatch.StartNew();
            double back = 0;
            for (var i = 0; i < events.Count; i++)
            {
                feeder.TryEnqueue(events[i]);
                if (i == events.Count / 4)
                {
                    gateway.Dispose();
                    gateway = null!;
                    var restart = Task.Run(async () =>
                    {
                        await Task.Delay(down);
                        return Start(options);
                    });
                    // keep feeding while it is down
                    for (i++; i < events.Count && !restart.IsCompleted; i++)
                    {
                        feeder.TryEnqueue(events[i]);
                        Pace(clock, i, rate);
                    }
                    gateway = restart.GetAwaiter().GetResult();
                    back = clock.Elapsed.TotalSeconds;
                    if (i < events.Count)
                        feeder.TryEnqueue(events[i]);
                }
                Pace(clock, i, rate);
            }
            if (!feeder.WaitUntilIdle(TimeSpan.FromMinutes(5)))
                throw new TimeoutException($"the feeder did not drain after the refusal: {feeder.Stats}");
            var drained = clock.Elapsed.TotalSeconds - back;
            var expected = events.Select(Json).ToList();
            var stored = ReadStream(js, expected.Count + 10);
            // identical prints are real (same time, price and size): compare as multisets, then as sequences
            var left = expected.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
            long duplicated = 0;
            foreach (var m in stored)
            {
                if (left.TryGetValue(m, out var n) && n > 0)
                    left[m] = n - 1;
                else
                    duplicated++;
            }
            long lost = left.Values.Sum();
            var outOfOrder = stored.SequenceEqual(expected) ? 0 : Math.Max(1, stored.Zip(expected).Count(p => p.First != p.Second));
            return new RefusalResult(events.Count, feeder.Stats.Spilled, drained, stored.Count, lost, duplicated, outOfOrder);
        }
        finally
        {
            gateway?.Dispose();
            Directory.Delete(dir, true);
        }
    }

    private static void Pace(Stopwatch clock, int i, int rate)
    {
        var ahead = TimeSpan.FromSeconds((double)(i + 1) / rate) - clock.Elapsed;
        if (ahead > TimeSpan.FromMilliseconds(2))
            Thread.Sleep(ahead);
    }

    private static List<string> ReadStream(NatsJSContext js, int max)
    {
        var count = (int)js.GetStreamAsync(Stream).AsTask().GetAwaiter().GetResult().Info.State.Messages;
        var list = new List<string>(count);
        if (count == 0)
            return list;
        var consumer = js.CreateOrderedConsumerAsync(Stream).AsTask().GetAwaiter().GetResult();
        Task.Run(async () =>
        {
            await foreach (var m in consumer.ConsumeAsync(NatsRawSerializer<byte[]>.Default))
            {
                list.Add(Encoding.UTF8.GetString(m.Data ?? []));
                if (list.Count == count || list.Count == max)
                    break;
            }
        }).GetAwaiter().GetResult();
        return list;
    }

    private static GatewayOptions Options(string url, string[] urls, int batch) => new()
    {
        Urls = urls,
        Nats = new NatsEndpoint { Url = url, Name = "te-perf-gateway" },
        StreamName = Stream,
        MarkBucket = "TE_PERF_GW_MARKS",
        MaxRows = Math.Max(batch, 1000),
        MaxBodyBytes = 64L << 20,
        MaxDecompressedBytes = 256L << 20,
        PublishTimeout = TimeSpan.FromSeconds(30),
        Feeders = [new FeederCredential(FeederId, FeederCredential.Hash(Token), new HashSet<string> { "*" })],
    };

    private static FeederOptions FeederOptions(string gatewayUrl, string dir, int batch, int capacity) => new()
    {
        GatewayUrl = new Uri(gatewayUrl),
        Token = Token,
        FeederId = FeederId,
        Session = TradingEngine.Feeder.MarketDataFeeder.NewSession(),
        SpillDirectory = Path.Combine(dir, "spill"),
        BatchSize = batch,
        QueueCapacity = Math.Max(capacity, batch),
        FlushInterval = TimeSpan.FromMilliseconds(5),
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromSeconds(1),
        RequestTimeout = TimeSpan.FromSeconds(60),
    };

    private sealed class RunningGateway(GatewayServer server) : IDisposable
    {
        public GatewayServer Server { get; } = server;

        public void Dispose() => Server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static RunningGateway Start(GatewayOptions options) => new(GatewayServer.StartAsync(options, null, _ => { }).GetAwaiter().GetResult());

    private sealed class OwnedConnection(NatsConnection connection) : IDisposable
    {
        public NatsConnection Connection { get; } = connection;

        public void Dispose() => Connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static NatsConnection Connect(string url)
    {
        var c = new NatsConnection(new NatsOpts { Url = url, Name = "te-perf-gateway-raw", SubPendingChannelFullMode = System.Threading.Channels.BoundedChannelFullMode.Wait });
        c.ConnectAsync().AsTask().GetAwaiter().GetResult();
        return c;
    }

    private static void CreateStream(NatsJSContext js) =>
        js.CreateOrUpdateStreamAsync(new StreamConfig(Stream, ["ticks.raw.>", "quotes.raw.>", "candles.external.>"])
        {
            Storage = StreamConfigStorage.File,
            Discard = StreamConfigDiscard.New,
            DuplicateWindow = TimeSpan.FromMinutes(2),
        }).AsTask().GetAwaiter().GetResult();

    private static void Purge(NatsJSContext js) => js.PurgeStreamAsync(Stream, new StreamPurgeRequest()).AsTask().GetAwaiter().GetResult();

    private static void Check(NatsJSContext js, int expected, string run)
    {
        var n = js.GetStreamAsync(Stream).AsTask().GetAwaiter().GetResult().Info.State.Messages;
        if (n != expected)
            throw new InvalidOperationException($"{run} run: the stream holds {n} messages, {expected} were sent");
    }

    private static List<FeedEvent> Load(string[] files, int count)
    {
        var symbols = new SymbolRegistry();
        var list = new List<FeedEvent>(count);
        foreach (var file in files)
        {
            using var reader = new LeanEquityTradeReader(file, symbols.GetOrAdd("SPY"));
            foreach (var t in reader)
            {
                if (t.IsSuspicious)
                    continue;
                list.Add(FeedEvent.Trade("SPY", t.EventTime, t.Price.ToDecimal(), t.Size.ToDecimal()));
                if (list.Count == count)
                    return list;
            }
        }
        return list;
    }

    private static string Json(FeedEvent e)
    {
        var b = new StringBuilder(160);
        FeedJson.WriteMessage(b, ref e);
        return b.ToString();
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(long nanos) => (nanos / 1e6).ToString("F1", CultureInfo.InvariantCulture);
}
