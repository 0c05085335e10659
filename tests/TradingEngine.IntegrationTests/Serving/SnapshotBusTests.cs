using System.Collections.Concurrent;
using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.ObjectStore;
using TradingEngine.Hosting.Serving;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Recovery;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Serving;

/// <summary>
/// State on the bus (docs/scaling.md): executor A of group <c>es</c> puts its snapshots into the object store bucket and
/// is killed (SIGKILL); executor B, on another state directory (another node), restores the snapshot from the bucket
/// and replays the stream after the sequence it covers, which the stream kept for it (the pin). Every internal output
/// of A and B together, deduplicated, is exactly the output of one uninterrupted executor fed the same real ES trades
/// on a server of its own: nothing lost, nothing different, and a duplicate is the same message again (same id).
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class SnapshotBusTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int First = 1000;
    private const int Second = 500;

    [Fact]
    public async Task An_executor_on_a_fresh_node_restores_the_groups_snapshot_from_the_bus_and_its_outputs_equal_one_uninterrupted_run()
    {
        var trades = ServeFixture.EsTrades(First + Second);
        using var fixture = new ServeFixture();
        var config = fixture.WriteConfig("one.yaml", [fixture.Es], []);
        string[] Args(string url, string node) =>
        [
            "--config", config, "--group", "es", "--nats", url, "--stats-interval", "0", "--publisher-stall-timeout", "1m",
            "--journal", Path.Combine(fixture.Directory, node, "journal"), "--snapshots", Path.Combine(fixture.Directory, node, "snapshots"), "--recover",
            "--snapshot-every", "300", "--snapshot-interval", "1000d",
        ];

        // the reference: one executor, never interrupted, on a server of its own
        List<(string, string)> reference;
        await using (var refServer = await NatsServerProcess.StartAsync())
        await using (var refClient = Connect(refServer.Url))
        await using (var refOutputs = await OutputRecorder.StartAsync(refClient))
        {
            var (run, _) = await ServeFixture.StartRoleAsync("executor", Args(refServer.Url, "ref"));
            using (run)
            {
                await Publish(refClient, fixture.Es, trades);
                await Acked(new NatsJSContext(refClient), First + Second, run);
                Assert.Equal(0, run.Interrupt(TimeSpan.FromSeconds(60)));
            }
            reference = await refOutputs.SettledAsync();
        }
        Assert.True(reference.Count > 500, $"only {reference.Count} outputs in the reference: the comparison would mean little");
        Assert.Equal(reference.Count, reference.Distinct().Count());

        await using var server = await NatsServerProcess.StartAsync();
        await using var client = Connect(server.Url);
        var js = new NatsJSContext(client);
        await using var outputs = await OutputRecorder.StartAsync(client);

        // node A: snapshots go to the bucket; the stream keeps what follows the newest one
        var (a, _) = await ServeFixture.StartRoleAsync("executor", [.. Args(server.Url, "a"), "--snapshot-bucket", SnapshotBus.DefaultBucket]);
        long covered;
        using (a)
        {
            await Publish(client, fixture.Es, trades.Take(First));
            await Acked(js, First, a);
            covered = await UploadedThroughAsync(js, a);
            Assert.InRange(covered, 300, First - 1); // snapshots every 300 events: the stream must replay what follows it
            var held = "";
            await Eventually.TrueAsync(async () =>
            {
                var state = (await js.GetStreamAsync("TE_IN_ES", cancellationToken: Ct)).Info.State;
                held = $"{state.Messages} messages, {state.FirstSeq}..{state.LastSeq}, consumers {string.Join(", ", await js.ListConsumerNamesAsync("TE_IN_ES", Ct).ToListAsync(Ct))}";
                return (long)state.Messages == First - covered && (long)state.FirstSeq == covered + 1;
            }, TimeSpan.FromSeconds(30), () => $"the stream should keep the {First - covered} messages after the snapshot's stream sequence {covered}, it holds {held}\n{a.Output}");
            a.Kill();
        }
        // while no executor runs, the feed goes on
        await Publish(client, fixture.Es, trades.Skip(First));

        // node B: a fresh state directory; the group's snapshot comes from the bus
        var (b, _) = await ServeFixture.StartRoleAsync("executor", [.. Args(server.Url, "b"), "--snapshot-bucket", SnapshotBus.DefaultBucket]);
        using (b)
        {
            await Acked(js, First + Second, b);
            Assert.Equal(0, b.Interrupt(TimeSpan.FromSeconds(60)));
            Assert.Contains($"te serve executor: restored from the bus", b.Output, StringComparison.Ordinal);
            Assert.Contains($"restored at start: stream sequence {covered}", b.Output, StringComparison.Ordinal);
            // B journaled exactly what followed the snapshot: no gap, no re-delivery into the journal
            Assert.Contains($"input {First + Second - covered} received, {First + Second - covered} accepted", b.Output, StringComparison.Ordinal);
        }
        var moved = await outputs.SettledAsync();

        var expected = reference.ToHashSet();
        var missing = reference.Where(r => !moved.Contains(r)).ToList();
        var foreign = moved.Where(m => !expected.Contains(m)).ToList();
        Assert.True(missing.Count == 0 && foreign.Count == 0,
            $"{missing.Count} outputs of the uninterrupted run missing (first: {string.Join(", ", missing.Take(3).Select(m => m.Item1))}), " +
            $"{foreign.Count} outputs it does not have (first: {string.Join(", ", foreign.Take(3).Select(m => m.Item1))}); {moved.Count} received, {reference.Count} expected");
        var duplicates = moved.Count - moved.Distinct().Count();
        TestContext.Current.TestOutputHelper?.WriteLine($"reference {reference.Count} outputs; A and B {moved.Count}, of them {duplicates} published again by B (same bytes); snapshot covered stream sequence {covered}");
    }

    private static NatsConnection Connect(string url) => new(new NatsOpts
    {
        Url = url, ConnectTimeout = TimeSpan.FromSeconds(30), RequestTimeout = TimeSpan.FromSeconds(30), SubPendingChannelFullMode = BoundedChannelFullMode.Wait,
    });

    private static async Task Publish(NatsConnection client, string symbol, IEnumerable<(string, string, string)> ticks)
    {
        foreach (var t in ticks)
            await client.PublishAsync(NatsSubjects.TicksRaw(symbol), ServeFixture.TickJson(symbol, t), cancellationToken: Ct);
        await client.PingAsync(Ct);
    }

    /// <summary>Waits until the group's durable has acked stream sequence <paramref name="last"/> (journaled).</summary>
    private static Task Acked(NatsJSContext js, long last, TeChildProcess run) => Eventually.TrueAsync(async () =>
    {
        try
        {
            var consumer = await js.GetConsumerAsync("TE_IN_ES", "te-executor-es", Ct);
            return (long)consumer.Info.AckFloor.StreamSeq == last;
        }
        catch (NatsJSApiException)
        {
            return false;
        }
    }, TimeSpan.FromSeconds(90), () => run.Output);

    /// <summary>Waits until the bucket's snapshot of the group stops changing (2 s); the stream sequence it covers.</summary>
    private static async Task<long> UploadedThroughAsync(NatsJSContext js, TeChildProcess run)
    {
        long covered = 0, previous = -1;
        await Eventually.TrueAsync(async () =>
        {
            previous = covered;
            await Task.Delay(2000, Ct);
            try
            {
                var store = await new NatsObjContext(js).GetObjectStoreAsync(SnapshotBus.DefaultBucket, Ct);
                var info = await store.GetInfoAsync(SnapshotBus.ObjectNameOf("es"), cancellationToken: Ct);
                covered = long.Parse(info.Metadata![SnapshotBus.SourceSequenceKey], System.Globalization.CultureInfo.InvariantCulture);
                return covered > 0 && covered == previous;
            }
            catch (Exception ex) when (ex is NatsJSApiException or NatsObjNotFoundException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), () => $"no settled snapshot in the bucket (last seen covering {covered})\n{run.Output}");
        return covered;
    }

    /// <summary>Every internal output (subject, payload) received on a connection, in arrival order.</summary>
    private sealed class OutputRecorder : IAsyncDisposable
    {
        private readonly ConcurrentQueue<(string, string)> _received = new();
        private readonly List<INatsSub<byte[]>> _subs;
        private readonly Task[] _loops;

        private OutputRecorder(List<INatsSub<byte[]>> subs)
        {
            _subs = subs;
            _loops = subs.Select(sub => Task.Run(async () =>
            {
                await foreach (var m in sub.Msgs.ReadAllAsync(Ct))
                    _received.Enqueue((m.Subject, Convert.ToBase64String(m.Data ?? [])));
            }, Ct)).ToArray();
        }

        public static async Task<OutputRecorder> StartAsync(NatsConnection client)
        {
            var subs = new List<INatsSub<byte[]>>();
            foreach (var subject in new[] { "indicators.internal.>", "structure.internal.>", "signals.internal.>" })
                subs.Add(await client.SubscribeCoreAsync<byte[]>(subject, cancellationToken: Ct));
            await client.PingAsync(Ct);
            return new OutputRecorder(subs);
        }

        /// <summary>What arrived, once nothing new has for a second.</summary>
        public async Task<List<(string, string)>> SettledAsync()
        {
            var count = -1;
            while (_received.Count != count)
            {
                count = _received.Count;
                await Task.Delay(1000, Ct);
            }
            return [.. _received];
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var sub in _subs)
                await sub.UnsubscribeAsync();
            await Task.WhenAll(_loops);
        }
    }
}
