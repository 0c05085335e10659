using System.Net.Http.Headers;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream.Models;
using TradingEngine.Gateway;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Gateway;

/// <summary>
/// <c>POST /v1/md/batches</c> on real Kestrel (loopback, free port) into a real nats-server with JetStream: per-row
/// results and dead letters, idempotence by (feeder, session, sequence) across a gateway restart, gzip, and every refusal
/// (400, 401, 403, 409, 413, 415, 422, 429, 503) with the documented body and Retry-After.
/// </summary>
public sealed class GatewayTests
{
    private static readonly NatsInputSamples s_spy = new("SPY");

    private static string Tick(string time = "2013-10-08T13:30:00.001Z", string price = "167.42", string symbol = "SPY") =>
        s_spy.TickJson(time, price, symbol: symbol);

    [Fact]
    public async Task Mixed_batch_stores_the_good_rows_in_order_and_dead_letters_the_bad_ones_with_their_reason()
    {
        await using var h = await GatewayHarness.StartAsync();
        var deadLetters = new List<(string Subject, string Reason)>();
        var sub = Task.Run(async () =>
        {
            await foreach (var m in h.Connection.SubscribeAsync<byte[]>("deadletter.>", cancellationToken: TestContext.Current.CancellationToken))
            {
                lock (deadLetters)
                    deadLetters.Add((m.Subject, m.Headers?[NatsSubjects.RejectReasonHeader].ToString() ?? ""));
            }
        }, TestContext.Current.CancellationToken);
        await h.Connection.PingAsync(TestContext.Current.CancellationToken);
        string[] rows =
        [
            Tick("2013-10-08T13:30:00.001Z"),
            Tick(price: "0"),                                            // ZeroPrice
            s_spy.QuoteJson().Replace(s_spy.Symbol, "SPY"),
            """{"schema_version":1,"type":"tick","symbol":"SPY"}""",     // MissingField
            Tick("2013-10-08T13:30:00.002Z", "167.43"),
            s_spy.CandleJson().Replace(s_spy.Symbol, "SPY"),
            """{"schema_version":1,"type":"timer","symbol":"SPY","timestamp":"2013-10-08T13:30:00Z","timeframe":null,"data":{}}""",
        ];
        var (status, body, _) = await h.PostAsync(GatewayHarness.TokenA, GatewayHarness.Batch(GatewayHarness.FeederA, "s1", 1, rows));

        Assert.Equal(200, status);
        Assert.Equal("stored", body.GetProperty("status").GetString());
        Assert.Equal(4, body.GetProperty("accepted").GetInt32());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(rows.Length, results.Count);
        Assert.Equal(["accepted", "rejected", "accepted", "rejected", "accepted", "accepted", "rejected"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(nameof(RejectReason.ZeroPrice), results[1].GetProperty("reason").GetString());
        Assert.Equal(nameof(RejectReason.MissingField), results[3].GetProperty("reason").GetString());
        Assert.Contains("price", results[1].GetProperty("detail").GetString(), StringComparison.Ordinal);

        var stored = await h.StreamAsync();
        Assert.Equal(["ticks.raw.SPY", "quotes.raw.SPY", "ticks.raw.SPY", "candles.external.SPY.1m"], stored.Select(m => m.Subject));
        Assert.Equal(rows[0], stored[0].Payload); // byte for byte
        Assert.Equal(rows[4], stored[2].Payload);
        Assert.Equal($"{GatewayHarness.FeederA}/s1/1/0", stored[0].MsgId);
        await Eventually.TrueAsync(() => { lock (deadLetters) return deadLetters.Count == 3; }, TimeSpan.FromSeconds(5), () => $"dead letters: {deadLetters.Count}");
        lock (deadLetters)
        {
            Assert.Contains(("deadletter.gateway." + GatewayHarness.FeederA, nameof(RejectReason.MissingField)), deadLetters);
            Assert.Contains(deadLetters, d => d.Reason == nameof(RejectReason.ZeroPrice));
            Assert.Contains(deadLetters, d => d.Reason == nameof(RejectReason.UnexpectedMessageType));
        }
        Assert.Equal(3, h.Server!.Counters.RejectedTotal);
    }

    [Fact]
    public async Task Each_row_of_a_batch_of_several_symbols_and_kinds_goes_to_its_own_subject_with_its_own_message_id()
    {
        // the gateway makes a subject once per run of rows of one symbol and kind, and reuses one header set for every row:
        // a symbol, kind or bad symbol between two rows must still give each row its own subject, check and id
        await using var h = await GatewayHarness.StartAsync();
        string[] rows =
        [
            Tick("2013-10-08T13:30:00.001Z"),
            Tick("2013-10-08T13:30:00.002Z", symbol: "ES"),
            Tick("2013-10-08T13:30:00.003Z", symbol: "ES"),
            Tick("2013-10-08T13:30:00.004Z", symbol: "ES.X"),             // InvalidValue: not a subject token
            Tick("2013-10-08T13:30:00.005Z", symbol: "ES"),
            s_spy.QuoteJson().Replace(s_spy.Symbol, "SPY"),
            s_spy.CandleJson().Replace(s_spy.Symbol, "SPY"),
            Tick("2013-10-08T13:30:00.006Z"),
        ];
        var (status, body, _) = await h.PostAsync(GatewayHarness.TokenB, GatewayHarness.Batch(GatewayHarness.FeederB, "mix", 1, rows));

        Assert.Equal(200, status);
        Assert.Equal(7, body.GetProperty("accepted").GetInt32());
        Assert.Equal(nameof(RejectReason.InvalidValue), body.GetProperty("results")[3].GetProperty("reason").GetString());
        var stored = await h.StreamAsync();
        Assert.Equal(["ticks.raw.SPY", "ticks.raw.ES", "ticks.raw.ES", "ticks.raw.ES", "quotes.raw.SPY", "candles.external.SPY.1m", "ticks.raw.SPY"],
            stored.Select(m => m.Subject));
        Assert.Equal(new[] { 0, 1, 2, 4, 5, 6, 7 }.Select(r => $"{GatewayHarness.FeederB}/mix/1/{r}"), stored.Select(m => m.MsgId));
        Assert.Equal(rows.Where((_, i) => i != 3), stored.Select(m => m.Payload));
    }

    [Fact]
    public async Task Batches_of_a_session_that_arrive_out_of_order_are_stored_in_sequence_order()
    {
        // a pipelined feeder's requests travel on separate connections and may overtake each other: 3 and 2 arrive before 1
        await using var h = await GatewayHarness.StartAsync();
        var batches = Enumerable.Range(1, 3).Select(b => GatewayHarness.Batch(GatewayHarness.FeederA, "s1", b,
            Enumerable.Range(0, 50).Select(r => Tick($"2013-10-08T13:30:{b:D2}.{r + 1:D3}Z")))).ToArray();
        var third = h.PostAsync(GatewayHarness.TokenA, batches[2]);
        var second = h.PostAsync(GatewayHarness.TokenA, batches[1], gzip: true);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(third.IsCompleted, "batch 3 must wait for batches 1 and 2");
        var first = await h.PostAsync(GatewayHarness.TokenA, batches[0]);

        foreach (var reply in new[] { first, await second, await third })
        {
            Assert.Equal(200, reply.Status);
            Assert.Equal("stored", reply.Body.GetProperty("status").GetString());
            Assert.Equal(50, reply.Body.GetProperty("accepted").GetInt32());
            Assert.False(reply.Body.TryGetProperty("results", out _), "an all-accepted batch answers counts, not 50 results");
        }
        var stored = await h.StreamAsync();
        Assert.Equal(150, stored.Count);
        Assert.Equal(Enumerable.Range(1, 3).SelectMany(b => Enumerable.Range(0, 50).Select(r => $"{GatewayHarness.FeederA}/s1/{b}/{r}")), stored.Select(m => m.MsgId));
    }

    private static string Answer(System.Net.Sockets.NetworkStream stream)
    {
        var buffer = new byte[4096];
        return stream.DataAvailable ? System.Text.Encoding.UTF8.GetString(buffer, 0, stream.Read(buffer)) : "no answer";
    }

    [Fact]
    public async Task A_batch_whose_client_hangs_up_after_sending_it_is_stored_whole_never_in_part()
    {
        // a feeder cut off mid-request (network, proxy) re-sends the batch later: had the gateway stopped publishing at the
        // hang-up, a part of the batch would be in the stream, later batches would follow it, and the re-sent rest would land
        // after them, out of order (MarketDataFeederTests' refused network, once in a loop)
        await using var h = await GatewayHarness.StartAsync(o => o with { MaxRows = 20_000, MaxBodyBytes = 16 << 20, MaxDecompressedBytes = 16 << 20 });
        var rows = Enumerable.Range(0, 20_000).Select(r => Tick($"2013-10-08T13:{30 + r / 60_000:D2}:{r / 1000 % 60:D2}.{r % 1000:D3}Z")).ToList();
        var body = System.Text.Encoding.UTF8.GetBytes(GatewayHarness.Batch(GatewayHarness.FeederA, "cut", 1, rows));
        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(h.BaseUri.Host, h.BaseUri.Port, TestContext.Current.CancellationToken);
            var stream = client.GetStream();
            var head = $"POST {GatewayRoutes.Batches} HTTP/1.1\r\nHost: {h.BaseUri.Authority}\r\nAuthorization: Bearer {GatewayHarness.TokenA}\r\n" +
                $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
            await stream.WriteAsync(body, TestContext.Current.CancellationToken);
            await stream.FlushAsync(TestContext.Current.CancellationToken);
            // hang up (a reset) once the gateway has the whole body and has begun to publish it, without reading the answer
            await Eventually.TrueAsync(async () => (await h.Js.GetStreamAsync(GatewayHarness.StreamName)).Info.State.Messages > 0,
                TimeSpan.FromSeconds(20), () => $"the gateway never began to publish the batch: {Answer(stream)}");
            client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        }
        long count = 0;
        await Eventually.TrueAsync(async () => (count = (await h.Js.GetStreamAsync(GatewayHarness.StreamName)).Info.State.Messages) == 20_000,
            TimeSpan.FromSeconds(20), () => $"the stream holds {count} of the batch's 20000 rows");
        // and the mark moved: the feeder's re-send is a duplicate
        await Eventually.TrueAsync(async () => (await h.PostAsync(GatewayHarness.TokenA, System.Text.Encoding.UTF8.GetString(body))).Body.GetProperty("status").GetString() == "duplicate",
            TimeSpan.FromSeconds(10), () => "the re-sent batch was not a duplicate");
        var stored = await h.StreamAsync();
        Assert.Equal(20_000, stored.Count);
        Assert.Equal(Enumerable.Range(0, 20_000).Select(r => $"{GatewayHarness.FeederA}/cut/1/{r}"), stored.Select(m => m.MsgId));
    }

    [Fact]
    public async Task A_retried_batch_is_a_duplicate_also_after_a_gateway_restart_and_a_gap_is_refused()
    {
        await using var h = await GatewayHarness.StartAsync();
        var batch1 = GatewayHarness.Batch(GatewayHarness.FeederA, "s1", 1, [Tick("2013-10-08T13:30:00.001Z"), Tick("2013-10-08T13:30:00.002Z")]);
        Assert.Equal(200, (await h.PostAsync(GatewayHarness.TokenA, batch1)).Status);
        var again = await h.PostAsync(GatewayHarness.TokenA, batch1);
        Assert.Equal("duplicate", again.Body.GetProperty("status").GetString());

        await h.StopGatewayAsync();
        await h.StartGatewayAsync(); // the mark is read back from the KV bucket
        var afterRestart = await h.PostAsync(GatewayHarness.TokenA, batch1);
        Assert.Equal(200, afterRestart.Status);
        Assert.Equal("duplicate", afterRestart.Body.GetProperty("status").GetString());
        Assert.Equal(1, afterRestart.Body.GetProperty("high_water").GetInt64());

        var gap = await h.PostAsync(GatewayHarness.TokenA, GatewayHarness.Batch(GatewayHarness.FeederA, "s1", 3, [Tick("2013-10-08T13:30:00.003Z")]));
        Assert.Equal(409, gap.Status);
        Assert.Contains("send batch 2 first", gap.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var next = await h.PostAsync(GatewayHarness.TokenA, GatewayHarness.Batch(GatewayHarness.FeederA, "s1", 2, [Tick("2013-10-08T13:30:00.003Z")]), gzip: true);
        Assert.Equal("stored", next.Body.GetProperty("status").GetString());
        // another session of the same feeder has its own sequence
        Assert.Equal("stored", (await h.PostAsync(GatewayHarness.TokenA, GatewayHarness.Batch(GatewayHarness.FeederA, "s2", 1, [Tick("2013-10-08T13:30:00.004Z")]))).Body.GetProperty("status").GetString());

        Assert.Equal(4, (await h.StreamAsync()).Count);
    }

    [Fact]
    public async Task Authentication_and_symbol_permissions_refuse_before_anything_is_published_and_no_token_is_logged()
    {
        await using var h = await GatewayHarness.StartAsync();
        var batch = GatewayHarness.Batch(GatewayHarness.FeederA, "s1", 1, [Tick()]);

        var none = await h.PostAsync(null, batch);
        Assert.Equal(401, none.Status);
        Assert.Equal("Bearer", none.Response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(401, (await h.PostAsync("not-a-feeder-token", batch)).Status);
        // B's token, A's batch
        var wrongFeeder = await h.PostAsync(GatewayHarness.TokenB, batch);
        Assert.Equal(403, wrongFeeder.Status);
        // A may send SPY and ES, not NQ: the whole batch is refused
        var forbidden = await h.PostAsync(GatewayHarness.TokenA, GatewayHarness.Batch(GatewayHarness.FeederA, "s1", 1, [Tick(), Tick(symbol: "NQ")]));
        Assert.Equal(403, forbidden.Status);
        Assert.Contains("NQ", forbidden.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await h.StreamAsync());
        // B may send anything
        Assert.Equal(200, (await h.PostAsync(GatewayHarness.TokenB, GatewayHarness.Batch(GatewayHarness.FeederB, "s1", 1, [Tick(symbol: "NQ")]))).Status);

        Assert.DoesNotContain(GatewayHarness.TokenA, h.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHarness.TokenB, h.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-feeder-token", h.Log, StringComparison.Ordinal);
        Assert.Contains("401", h.Log, StringComparison.Ordinal); // refusals are logged, without the token
    }

    [Fact]
    public async Task Malformed_invalid_oversized_and_wrongly_typed_bodies_get_400_422_413_415()
    {
        await using var h = await GatewayHarness.StartAsync();
        var token = GatewayHarness.TokenA;
        Assert.Equal(400, (await h.PostAsync(token, "{\"feeder\": \"nt8-a\", \"sess")).Status);
        Assert.Equal(400, (await h.PostAsync(token, "[1,2]")).Status);
        Assert.Equal(400, (await h.PostAsync(token, """{"feeder":"nt8-a","session":"s","sequence":"one","messages":[]}""")).Status);
        Assert.Equal(400, (await h.PostAsync(token, """{"feeder":"nt8-a","session":"s","sequence":1}""")).Status);
        Assert.Equal(422, (await h.PostAsync(token, GatewayHarness.Batch(GatewayHarness.FeederA, "s", 0, [Tick()]))).Status);
        Assert.Equal(422, (await h.PostAsync(token, GatewayHarness.Batch(GatewayHarness.FeederA, "s", 1, []))).Status);
        Assert.Equal(422, (await h.PostAsync(token, GatewayHarness.Batch(GatewayHarness.FeederA, "bad session!", 1, [Tick()]))).Status);
        // more rows than max_rows (1000), and more bytes than max_body_bytes (256 KiB), plain and as a gzip bomb
        Assert.Equal(413, (await h.PostAsync(token, GatewayHarness.Batch(GatewayHarness.FeederA, "s", 1, Enumerable.Repeat(Tick(), 1001)))).Status);
        var big = GatewayHarness.Batch(GatewayHarness.FeederA, "s", 1, Enumerable.Repeat(Tick(), 900)).Replace("\"price\"", new string(' ', 300) + "\"price\"");
        Assert.Equal(413, (await h.PostAsync(token, big)).Status);
        var bomb = GatewayHarness.Batch(GatewayHarness.FeederA, "s", 1, [Tick()]).Replace("{\"feeder\"", "{" + new string(' ', 2_000_000) + "\"feeder\"");
        Assert.Equal(413, (await h.PostAsync(token, bomb, gzip: true)).Status);
        Assert.Equal(415, (await h.PostAsync(token, GatewayHarness.Batch(GatewayHarness.FeederA, "s", 1, [Tick()]), contentType: "text/plain")).Status);
        Assert.Empty(await h.StreamAsync());
    }

    [Fact]
    public async Task Over_the_feeders_rate_the_gateway_answers_429_with_Retry_After()
    {
        await using var h = await GatewayHarness.StartAsync(o => o with { MaxRows = 100, RateLimitPerSecond = 10, RateLimitBurst = 100 });
        var rows = Enumerable.Range(0, 100).Select(i => Tick($"2013-10-08T13:30:00.{i + 1:D3}Z")).ToList();
        Assert.Equal(200, (await h.PostAsync(GatewayHarness.TokenA, GatewayHarness.Batch(GatewayHarness.FeederA, "s", 1, rows))).Status);
        var limited = await h.PostAsync(GatewayHarness.TokenA, GatewayHarness.Batch(GatewayHarness.FeederA, "s", 2, rows));
        Assert.Equal(429, limited.Status);
        var retryAfter = limited.Response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(retryAfter, 1, 10);
        // another feeder has its own bucket
        Assert.Equal(200, (await h.PostAsync(GatewayHarness.TokenB, GatewayHarness.Batch(GatewayHarness.FeederB, "s", 1, rows))).Status);
    }

    [Fact]
    public async Task Without_NATS_or_with_a_full_stream_the_gateway_answers_503_and_the_same_batch_goes_through_later()
    {
        await using var h = await GatewayHarness.StartAsync(streamMaxBytes: 4096);
        Assert.Equal(200, (await h.GetAsync(GatewayRoutes.Ready)).Status);
        Assert.Equal(200, (await h.GetAsync(GatewayRoutes.Health)).Status);
        var filler = Enumerable.Range(0, 40).Select(i => Tick($"2013-10-08T13:30:00.{i + 1:D3}Z")).ToList();
        var full = await h.PostAsync(GatewayHarness.TokenA, GatewayHarness.Batch(GatewayHarness.FeederA, "s", 1, filler));
        Assert.Equal(503, full.Status); // discard new at 4 KiB: the stream refuses, nothing is acknowledged to the feeder
        Assert.True(full.Response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains("refused", full.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await h.Js.UpdateStreamAsync(new NATS.Client.JetStream.Models.StreamConfig(GatewayHarness.StreamName, ["ticks.raw.>", "quotes.raw.>", "candles.external.>"])
        {
            Storage = NATS.Client.JetStream.Models.StreamConfigStorage.File, DuplicateWindow = TimeSpan.FromMinutes(2), MaxBytes = -1,
        }, TestContext.Current.CancellationToken);
        await h.Nats.StopAsync();
        await Eventually.TrueAsync(async () => (await h.GetAsync(GatewayRoutes.Ready)).Status == 503, TimeSpan.FromSeconds(10), () => "readyz stayed 200 with NATS down");
        var down = await h.PostAsync(GatewayHarness.TokenA, GatewayHarness.Batch(GatewayHarness.FeederA, "s", 1, filler));
        Assert.Equal(503, down.Status);
        Assert.Equal(200, (await h.GetAsync(GatewayRoutes.Health)).Status);

        await h.Nats.RestartAsync();
        await Eventually.TrueAsync(async () => (await h.GetAsync(GatewayRoutes.Ready)).Status == 200, TimeSpan.FromSeconds(15), () => "readyz did not return to 200");
        var retried = await h.PostAsync(GatewayHarness.TokenA, GatewayHarness.Batch(GatewayHarness.FeederA, "s", 1, filler));
        Assert.Equal(200, retried.Status);
        // the rows of the refused attempt that the stream had taken before it filled up are not stored twice
        var stored = await h.StreamAsync();
        Assert.Equal(filler.Count, stored.Count);
        Assert.Equal(filler, stored.Select(m => m.Payload));
    }

    [Fact]
    public async Task No_stream_for_the_subject_is_a_503_and_readyz_says_which_stream_is_missing()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Js.DeleteStreamAsync(GatewayHarness.StreamName, TestContext.Current.CancellationToken);
        var ready = await h.GetAsync(GatewayRoutes.Ready);
        Assert.Equal(503, ready.Status);
        Assert.Contains(GatewayHarness.StreamName, ready.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var r = await h.PostAsync(GatewayHarness.TokenA, GatewayHarness.Batch(GatewayHarness.FeederA, "s", 1, [Tick()]));
        Assert.Equal(503, r.Status);
    }
    /// <summary>
    /// In a deployment by symbol groups there is no one engine stream: each executor group has its own
    /// (<c>TE_IN_&lt;GROUP&gt;</c>, docs/scaling.md). The gateway is ready only once every symbol its feeders may send
    /// is captured by some stream, and says which subject is not.
    /// </summary>
    [Fact]
    public async Task With_one_stream_per_executor_group_readyz_waits_for_a_stream_capturing_every_feeders_symbol()
    {
        var ct = TestContext.Current.CancellationToken;
        // no feeder allows any symbol: ES and SPY are what the gateway may publish
        await using var h = await GatewayHarness.StartAsync(o => o with { Feeders = [o.Feeders[0]] });
        await h.Js.DeleteStreamAsync(GatewayHarness.StreamName, ct);
        await h.Js.CreateOrUpdateStreamAsync(new StreamConfig("TE_IN_FUTURES", ["ticks.raw.ES", "quotes.raw.ES"]) { Storage = StreamConfigStorage.Memory }, ct);
        var waiting = await h.GetAsync(GatewayRoutes.Ready);
        Assert.Equal(503, waiting.Status);
        var detail = waiting.Body.GetProperty("detail").GetString()!;
        Assert.Contains("no JetStream stream captures ticks.raw.SPY", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("ticks.raw.ES", detail, StringComparison.Ordinal);

        await h.Js.CreateOrUpdateStreamAsync(new StreamConfig("TE_IN_EQUITIES", ["ticks.raw.SPY", "quotes.raw.SPY"]) { Storage = StreamConfigStorage.Memory }, ct);
        var ready = await h.GetAsync(GatewayRoutes.Ready);
        Assert.Equal(200, ready.Status);
        Assert.Contains("TE_IN_EQUITIES (ticks.raw.SPY)", ready.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("TE_IN_FUTURES (ticks.raw.ES)", ready.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
