using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests.Serving;

/// <summary>
/// Three nats-server processes on loopback joined by real cluster routes (each on a free port), JetStream on each:
/// the deployment's NATS (infra/: nats-cluster.conf) on one box. Ready once the cluster can place an R3 stream (a meta
/// leader is elected).
/// </summary>
internal sealed class LoopbackNatsCluster : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LoopbackNatsCluster(List<NatsServerProcess> nodes) => Nodes = nodes;

    /// <summary>Node i is named <c>n{i}</c> (the names stream info gives as leader and replicas).</summary>
    public IReadOnlyList<NatsServerProcess> Nodes { get; }

    /// <summary>Every node's client URL, comma separated (what <c>--nats</c> takes).</summary>
    public string Urls => string.Join(",", Nodes.Select(n => n.Url));

    public static async Task<LoopbackNatsCluster> StartAsync()
    {
        var routes = new[] { NatsServerProcess.FreePort(), NatsServerProcess.FreePort(), NatsServerProcess.FreePort() };
        var nodes = new List<NatsServerProcess>();
        var cluster = new LoopbackNatsCluster(nodes);
        try
        {
            for (var i = 0; i < 3; i++)
                nodes.Add(await NatsServerProcess.StartAsync(Config(i, routes)));
            await using var client = cluster.Connect();
            var js = new NatsJSContext(client);
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    await js.CreateStreamAsync(new StreamConfig("TE_PROBE", ["te.probe"]) { NumReplicas = 3, Storage = StreamConfigStorage.Memory }, Ct);
                    await js.DeleteStreamAsync("TE_PROBE", Ct);
                    return true;
                }
                catch (Exception ex) when (ex is NatsJSException or NatsException or TimeoutException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), () => string.Join("\n", nodes.Select(n => n.Log)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the given nodes (all when none are given), reconnecting without end.</summary>
    public NatsConnection Connect(params int[] nodes) => new(new NatsOpts
    {
        Url = string.Join(",", (nodes.Length == 0 ? Enumerable.Range(0, Nodes.Count) : nodes).Select(i => Nodes[i].Url)),
        ConnectTimeout = TimeSpan.FromSeconds(30), RequestTimeout = TimeSpan.FromSeconds(10), MaxReconnectRetry = -1,
        SubPendingChannelFullMode = System.Threading.Channels.BoundedChannelFullMode.Wait,
    });

    /// <summary>The index of the node leading <paramref name="stream"/> (its peer, for an R1 stream); -1 while none does.</summary>
    public static async Task<int> LeaderOfAsync(NatsJSContext js, string stream)
    {
        var leader = (await js.GetStreamAsync(stream, cancellationToken: Ct)).Info.Cluster?.Leader;
        return leader is { Length: > 1 } name && name[0] == 'n' ? name[1] - '0' : -1;
    }

    /// <summary>
    /// Has every replicated stream led by node <paramref name="node"/> step down (the cluster elects another of its
    /// peers), until the node leads none: killing it then costs the streams a replica, not their leader.
    /// </summary>
    public static async Task MoveLeadersOffAsync(NatsConnection client, int node)
    {
        var js = new NatsJSContext(client);
        var streams = await js.ListStreamNamesAsync(cancellationToken: Ct).ToListAsync(Ct);
        foreach (var stream in streams)
        {
            var info = (await js.GetStreamAsync(stream, cancellationToken: Ct)).Info;
            if (info.Config.NumReplicas < 2)
                continue;
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    var leader = await LeaderOfAsync(js, stream);
                    if (leader != node && leader >= 0)
                        return true;
                    if (leader == node)
                        await client.RequestAsync<byte[], byte[]>($"$JS.API.STREAM.LEADER.STEPDOWN.{stream}", [], cancellationToken: Ct);
                    await Task.Delay(500, Ct);
                    return false;
                }
                catch (Exception ex) when (ex is NatsJSException or NatsException or TimeoutException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60), () => $"stream {stream} still led by n{node}");
        }
    }

    /// <summary>One node of a 3-node cluster on loopback: its name and its route port, routes to the two others.</summary>
    private static string Config(int i, int[] routes) => $$"""
        server_name: n{{i}}
        cluster {
          name: te
          listen: 127.0.0.1:{{routes[i]}}
          routes: [{{string.Join(", ", routes.Where((_, j) => j != i).Select(p => $"nats-route://127.0.0.1:{p}"))}}]
        }
        """;

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            await node.DisposeAsync();
    }
}
