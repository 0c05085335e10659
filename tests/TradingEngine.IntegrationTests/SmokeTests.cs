using NATS.Client.Core;
using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests;

/// <summary>The servers that ./run.sh test starts are there and do what the other integration tests rely on.</summary>
public class SmokeTests
{
    [Fact]
    public async Task Nats_round_trips_a_message_and_has_jetstream()
    {
        await using var nats = await Services.RequireNatsAsync();
        var subject = $"te.smoke.{Guid.NewGuid():N}";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var sub = await nats.SubscribeCoreAsync<byte[]>(subject, cancellationToken: cts.Token);
        await nats.PingAsync(cts.Token);
        await nats.PublishAsync(subject, new byte[] { 1, 2, 3 }, cancellationToken: cts.Token);
        var msg = await sub.Msgs.ReadAsync(cts.Token);
        Assert.Equal(new byte[] { 1, 2, 3 }, msg.Data);
        Assert.True(nats.ServerInfo?.JetStreamAvailable, "nats-server must run with JetStream (-js)");
    }

    [Fact]
    public async Task Postgres_answers_and_is_version_15_or_later()
    {
        await using var pg = await Services.RequirePostgresAsync();
        await using var cmd = pg.CreateCommand();
        cmd.CommandText = "SHOW server_version_num";
        var version = int.Parse((string)(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(version >= 150000, $"server_version_num {version}");
    }
}
