using System.Globalization;
using System.IO.Compression;
using System.Text;
using TradingEngine.Feeder;
using TradingEngine.Gateway;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// Where a tick's cost goes on the gateway path (docs/gateway.md, "Performance"): each stage the feeder and the gateway run
/// for a batch, run alone on the same real trades, one batch after another, with this process's CPU time and allocations per
/// tick (<see cref="LegCost"/>). What the stages do not cover (HTTP: HttpClient, Kestrel, sockets, the thread pool) is the
/// whole leg minus their sum.
/// </summary>
internal static class GatewayBreakdown
{
    public sealed record Stage(string Name, LegCost.Cost Cost);

    public static List<Stage> Run(string url, string stream, List<FeedEvent> events, int batch, bool gzip)
    {
        var count = (events.Count + batch - 1) / batch;
        var stages = new List<Stage>();
        var feederOptions = new FeederOptions { GatewayUrl = new Uri("http://127.0.0.1:1"), Token = "breakdown", FeederId = "perf", Gzip = gzip };
        using var client = new GatewayClient(feederOptions, null);
        var session = MarketDataFeeder.NewSession();

        // the feeder's way: one batch after another into one reused builder and buffer (and its gzip stream)
        var json = new StringBuilder(1 << 16);
        var reused = new BatchBuffer();
        void Encode(int b, BatchBuffer into)
        {
            json.Clear();
            FeedJson.BatchHead(json, "perf", session, b + 1);
            for (int i = b * batch, end = Math.Min(events.Count, i + batch); i < end; i++)
            {
                if (i > b * batch)
                    json.Append(',');
                var e = events[i];
                FeedJson.WriteMessage(json, ref e);
            }
            json.Append(FeedJson.BatchTail);
            into.Set(json);
        }
        for (var b = 0; b < count; b++)
            Encode(b, reused); // warm: the builder and the buffer reach their size, as in a running feeder
        var cost = LegCost.Start();
        for (var b = 0; b < count; b++)
            Encode(b, reused);
        stages.Add(new Stage("feeder: JSON encode of the batch (FeedJson) + UTF-8", cost.Stop(events.Count)));

        var buffers = new BatchBuffer[count];
        for (var b = 0; b < count; b++)
        {
            Encode(b, buffers[b] = new BatchBuffer());
            client.Content(buffers[b]).Dispose(); // warm: each gzip stream reaches its size
        }
        var contents = new byte[count][];
        if (gzip)
        {
            cost = LegCost.Start();
            for (var b = 0; b < count; b++)
                client.Content(buffers[b]).Dispose();
            stages.Add(new Stage("feeder: gzip (fastest)", cost.Stop(events.Count)));
            for (var b = 0; b < count; b++)
                contents[b] = buffers[b].Gzip.ToArray();
        }
        else
        {
            for (var b = 0; b < count; b++)
                contents[b] = buffers[b].Json.AsSpan(0, buffers[b].Length).ToArray();
        }

        PooledBody Read(byte[] content)
        {
            var body = new PooledBody(content.Length * (gzip ? 6 : 1) + 1);
            using var input = gzip ? (Stream)new GZipStream(new MemoryStream(content), CompressionMode.Decompress) : new MemoryStream(content);
            int n;
            while ((n = input.Read(body.GetMemory(1).Span)) > 0)
                body.Advance(n);
            return body;
        }
        // as in the gateway, a body goes back to the pool once its batch is answered
        cost = LegCost.Start();
        for (var b = 0; b < count; b++)
            Read(contents[b]).Dispose();
        stages.Add(new Stage(gzip ? "gateway: body read + gunzip (pooled buffer)" : "gateway: body read (pooled buffer)", cost.Stop(events.Count)));
        var bodies = contents.Select(Read).ToArray();

        var envelopes = new BatchEnvelope[count];
        cost = LegCost.Start();
        for (var b = 0; b < count; b++)
            envelopes[b] = BatchEnvelope.Parse(bodies[b].Memory, batch, out _, out var error) ?? throw new InvalidOperationException($"batch {b + 1}: {error}");
        stages.Add(new Stage("gateway: envelope parse (row ranges)", cost.Stop(events.Count)));

        var options = new GatewayOptions { Nats = new NatsEndpoint { Url = url, Name = "te-perf-breakdown" }, StreamName = stream, MarkBucket = "TE_PERF_GW_MARKS_BREAKDOWN", PublishTimeout = TimeSpan.FromSeconds(30) };
        var nats = GatewayJetStream.ConnectAsync(options.Nats, stream, options.MarkBucket, options.PublishTimeout).GetAwaiter().GetResult();
        try
        {
            var processor = new BatchProcessor(options, nats, new JsonMessageDecoder(new SymbolRegistry(), null), new GatewayCounters(), _ => { });
            var messages = envelopes.Select(e => new GatewayMessage[e.RowCount]).ToArray();
            cost = LegCost.Start();
            for (var b = 0; b < count; b++)
            {
                var envelope = envelopes[b];
                var list = messages[b];
                var prefix = $"{envelope.Feeder}/{envelope.Session}/{envelope.Sequence}/";
                var last = default(BatchProcessor.LastSubject);
                for (var i = 0; i < list.Length; i++)
                {
                    if (processor.Check(envelope, i, prefix, ref last, out list[i]).Reason != RejectReason.None)
                        throw new InvalidOperationException($"batch {b + 1} row {i} was rejected");
                }
            }
            stages.Add(new Stage("gateway: rows (decode + checks, subject, Nats-Msg-Id)", cost.Stop(events.Count)));

            cost = LegCost.Start();
            for (var b = 0; b < count; b++)
            {
                var published = nats.PublishAsync(messages[b], CancellationToken.None).GetAwaiter().GetResult();
                if (!published.Success)
                    throw new InvalidOperationException($"batch {b + 1}: {published.Failure}");
            }
            stages.Add(new Stage("gateway: JetStream publish (msg id, reply inbox) + every ack, one batch at a time", cost.Stop(events.Count)));
        }
        finally
        {
            nats.DisposeAsync().AsTask().GetAwaiter().GetResult();
            foreach (var e in envelopes)
                e?.Dispose();
            foreach (var b in bodies)
                b?.Dispose();
        }
        return stages;
    }

    public static string Describe(List<Stage> stages) => string.Join(Environment.NewLine, stages.Select(s =>
        string.Create(CultureInfo.InvariantCulture, $"#   {s.Name}: {s.Cost.CpuMicroseconds:F2} µs CPU, {s.Cost.AllocatedBytes:F0} B per tick")));
}
