using System.Text;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Gateway;

/// <summary>
/// <see cref="GatewayJetStream"/> (the gateway's side of NATS) against a real nats-server killed mid-batch: what a
/// publish attempt left in the stream must be a prefix of the batch, so the re-sent batch only appends (docs/gateway.md,
/// "Order across a nats-server restart").
/// </summary>
public sealed class GatewayJetStreamTests
{
    [Fact]
    public async Task A_batch_cut_by_a_nats_server_crash_and_sent_again_is_stored_once_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await GatewayHarness.StartAsync();
        await h.StopGatewayAsync();
        // a publish timeout long enough for a loaded machine (a timed-out re-send would queue behind the one before)
        await using var nats = await GatewayJetStream.ConnectAsync(new NatsEndpoint { Url = h.Nats.Url, Name = "te-gateway-jetstream-test" },
            GatewayHarness.StreamName, "te-gateway-marks-test", TimeSpan.FromSeconds(20), ct);
        // big enough that NATS.Net still holds rows (its write buffer, up to ~1 MB) when the stream has stored some
        const int count = 60_000;
        var messages = new GatewayMessage[count];
        for (var i = 0; i < count; i++)
        {
            var payload = Encoding.UTF8.GetBytes(
                $$$"""{"schema_version":1,"type":"tick","symbol":"SPY","timestamp":"2013-10-08T13:30:00Z","data":{"price":"167.42","size":{{{i}}},"side":"buy"}}""");
            messages[i] = new GatewayMessage("ticks.raw.SPY", payload, $"f/s/1/{i}");
        }

        var first = nats.PublishAsync(messages, ct);
        // the crash: once the stream holds part of the batch, before all of it
        await Eventually.TrueAsync(async () => await StoredAsync(h) > 0 || first.IsCompleted, TimeSpan.FromSeconds(30), () => "nothing stored");
        await h.Nats.StopAsync();
        var failing = System.Diagnostics.Stopwatch.StartNew();
        var cut = await first;
        var failedAfter = failing.Elapsed;
        Assert.False(cut.Success, "the batch was acked in full before the crash: the test did not cut it (make the batch bigger)");
        await h.Nats.RestartAsync();

        // the feeder's re-send of the same batch (same message ids), until the gateway can reach NATS again
        GatewayPublishResult again = default;
        await Eventually.TrueAsync(async () => (again = await nats.PublishAsync(messages, ct)).Success, TimeSpan.FromSeconds(30),
            () => $"the re-sent batch was never stored: {again.Failure}");

        var stored = await h.StreamAsync();
        var ids = stored.Select(m => m.MsgId).ToList();
        var late = 0;
        var furthest = -1;
        foreach (var id in ids)
        {
            var row = Row(id);
            if (row < furthest)
                late++;
            furthest = Math.Max(furthest, row);
        }
        TestContext.Current.SendDiagnosticMessage(
            $"before the re-send: {count - again.Duplicates - again.Stored} rows missing; the re-send stored {again.Stored}, found {again.Duplicates} there already");
        Assert.True(late == 0, $"{late} rows stored after a row that follows them in the batch (stream order {Describe(ids)})");
        Assert.Equal(count, ids.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"f/s/1/{i}"), ids);
        // a lost connection fails its batch at once, not at the publish timeout (20 s)
        Assert.True(failedAfter < TimeSpan.FromSeconds(10), $"the cut batch failed {failedAfter.TotalSeconds:0.#} s after the crash ({cut.Failure})");
    }

    private static int Row(string? id) =>
        id is null ? -1 : int.Parse(id.AsSpan(id.LastIndexOf('/') + 1), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<long> StoredAsync(GatewayHarness h) => (await h.Js.GetStreamAsync(GatewayHarness.StreamName)).Info.State.Messages;

    /// <summary>The stream's rows as runs of consecutive row numbers: "0-4999, 7010-9999, 5000-7009".</summary>
    private static string Describe(List<string?> ids)
    {
        var runs = new List<string>();
        int start = -2, previous = -2;
        foreach (var id in ids)
        {
            var row = Row(id);
            if (row != previous + 1)
            {
                if (start >= 0)
                    runs.Add($"{start}-{previous}");
                start = row;
            }
            previous = row;
        }
        if (start >= 0)
            runs.Add($"{start}-{previous}");
        return string.Join(", ", runs);
    }
}
