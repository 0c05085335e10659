using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Serving;

/// <summary>
/// The deployment's NATS is a 3-node JetStream cluster (infra/, docs/scaling.md): three nats-server processes on
/// loopback joined by real cluster routes; the executor group's stream is created with 3 replicas
/// (<c>--stream-replicas 3</c>). Real ES trades are published with JetStream acks and a <c>Nats-Msg-Id</c> each (as the
/// gateway does), and halfway through the stream's leader is killed (SIGKILL). The cluster elects another leader; the
/// publisher retries what was not acked (deduplicated by id) and the executor journals every trade exactly once, in
/// stream order: nothing lost, nothing duplicated. Budget: well under a minute on a loaded 2-core box; longer fault
/// series belong in a benchmark.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class NatsClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const int Total = 1500;

    [Fact]
    public async Task The_stream_leader_of_a_three_node_cluster_dies_mid_stream_and_the_executor_journals_every_tick_once_in_order()
    {
        var watch = Stopwatch.StartNew();
        var trades = ServeFixture.EsTrades(Total);
        using var fixture = new ServeFixture();
        var config = fixture.WriteConfig("one.yaml", [fixture.Es], []);
        await using var cluster = await LoopbackNatsCluster.StartAsync();
        var nodes = cluster.Nodes;
        {
            await using var client = cluster.Connect();
            var js = new NatsJSContext(client);

            var journal = Path.Combine(fixture.Directory, "cluster", "journal");
            var (run, _) = await ServeFixture.StartRoleAsync("executor", "--config", config, "--group", "es", "--nats", cluster.Urls,
                "--stream-replicas", "3", "--journal", journal, "--stats-interval", "0", "--publisher-stall-timeout", "1m");
            using (run)
            {
                var stream = await js.GetStreamAsync("TE_IN_ES", cancellationToken: Ct);
                Assert.Equal(3, stream.Info.Config.NumReplicas);
                string? killed = null;
                for (var k = 0; k < Total; k++)
                {
                    if (k == Total / 2)
                    {
                        // the stream's leader dies mid-stream
                        var index = await LoopbackNatsCluster.LeaderOfAsync(js, "TE_IN_ES") is var leader and >= 0 ? leader : 1;
                        await nodes[index].StopAsync();
                        killed = $"n{index}";
                    }
                    await PublishAsync(js, NatsSubjects.TicksRaw(fixture.Es), ServeFixture.TickJson(fixture.Es, trades[k]), $"{fixture.Es}-{k}");
                }
                await Eventually.TrueAsync(async () =>
                {
                    try
                    {
                        return (long)(await js.GetConsumerAsync("TE_IN_ES", "te-executor-es", Ct)).Info.AckFloor.StreamSeq == Total;
                    }
                    catch (Exception ex) when (ex is NatsJSException or NatsException or TimeoutException)
                    {
                        return false;
                    }
                }, TimeSpan.FromSeconds(60), () => run.Output);
                var exit = run.Interrupt(TimeSpan.FromSeconds(60));
                Assert.True(exit == 0, $"te serve executor exited {exit} after Ctrl+C:\n{run.Output}"); // exited 1 once in a clean-clone run: say why next time
                Assert.Contains($"input {Total} received, {Total} accepted", run.Output, StringComparison.Ordinal);
                var last = (await js.GetStreamAsync("TE_IN_ES", cancellationToken: Ct)).Info.State.LastSeq;
                Assert.Equal((ulong)Total, last); // every retried publish deduplicated by its id
                TestContext.Current.TestOutputHelper?.WriteLine($"killed {killed} (the stream leader) after {Total / 2} of {Total} ticks; {watch.Elapsed.TotalSeconds:F1} s in all");
            }

            // the journal: stream sequences 1..Total, each once, in order
            using var reader = new JournalReader(Path.Combine(journal, "es"));
            long previous = 0;
            var count = 0;
            foreach (var _ in reader)
            {
                var source = reader.SourceSequenceAtWrite;
                Assert.True(source == previous + 1, $"journal {reader.Sequence}: stream sequence {source} after {previous}");
                previous = source;
                count++;
            }
            Assert.Equal(Total, count);
        }
    }

    /// <summary>A JetStream publish acked by the stream, retried with the same id until it is (a leader election takes seconds).</summary>
    private static async Task PublishAsync(NatsJSContext js, string subject, byte[] payload, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                var ack = await js.PublishAsync(subject, payload, opts: new NatsJSPubOpts { MsgId = id }, cancellationToken: Ct);
                ack.EnsureSuccess();
                return;
            }
            catch (Exception ex) when (ex is NatsJSException or NatsException or TimeoutException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, Ct);
            }
        }
    }
}
