using System.Diagnostics;
using NATS.Client.Core;
using TradingEngine.Hosting.Serving;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Serving;

/// <summary>
/// A restore's fetch from the snapshot bucket while JetStream does not answer (a cluster electing its meta leader leaves
/// the API requests unanswered: <c>NatsJSApiNoResponseException</c>, which crashed <c>te serve executor</c> in
/// <c>ScaleBySymbolClusterTests</c>): it tries again a bounded number of times, then fails with
/// <see cref="SnapshotBusUnavailableException"/> naming the bucket, the object and the tries (exit 1 of the role: start
/// it again).
/// </summary>
public sealed class SnapshotBusUnavailableTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fetch_that_jetstream_does_not_answer_is_tried_again_a_bounded_number_of_times_then_fails_as_unavailable()
    {
        await using var server = await NatsServerProcess.StartAsync(jetStream: false);
        // what a cluster without a meta leader does: the API subject has a listener that never answers
        await using var silent = new NatsConnection(new NatsEndpoint { Url = server.Url, Name = "silent-jetstream" }.ToNatsOpts());
        var requests = 0;
        await using var api = await silent.SubscribeCoreAsync<byte[]>("$JS.API.>", cancellationToken: Ct);
        var swallow = Task.Run(async () =>
        {
            await foreach (var _ in api.Msgs.ReadAllAsync(Ct))
                Interlocked.Increment(ref requests);
        }, Ct);
        await silent.PingAsync(Ct);

        await using var connection = new NatsConnection(new NatsEndpoint { Url = server.Url, Name = "te-snapshot-bus" }.ToNatsOpts() with { RequestTimeout = TimeSpan.FromMilliseconds(300) });
        await connection.ConnectAsync();
        var bus = new SnapshotBus(connection, new SnapshotBusOptions { Key = "es", UnavailableAttempts = 3, UnavailableDelay = TimeSpan.FromMilliseconds(50) }, "TE_IN_ES");
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<SnapshotBusUnavailableException>(() => bus.FetchAsync(Ct));
        Assert.Contains($"snapshot bucket {SnapshotBus.DefaultBucket} (object state.snapshot.es): JetStream did not answer in 3 tries", ex.Message, StringComparison.Ordinal);
        Assert.True(Volatile.Read(ref requests) >= 3, $"{requests} API requests: each try asks JetStream again");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"bounded: {watch.Elapsed}");

        // no JetStream at all (no responders): the same, quickly
        await api.UnsubscribeAsync();
        await swallow;
        var noResponders = await Assert.ThrowsAsync<SnapshotBusUnavailableException>(() => bus.FetchAsync(Ct));
        Assert.Contains("JetStream did not answer in 3 tries", noResponders.Message, StringComparison.Ordinal);
    }
}
