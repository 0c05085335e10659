using System.Collections.Concurrent;
using System.Text;
using NATS.Client.Core;

namespace TradingEngine.IntegrationTests.Nats;

/// <summary>
/// Takes in every public output of one symbol (<c>*.public.{sym}.&gt;</c>, <c>market_structure.{sym}.&gt;</c>,
/// <c>strategies.*.{sym}</c>) in arrival order per subject, as a downstream consumer of the engine would.
/// </summary>
public sealed class PublicOutputRecorder : IAsyncDisposable
{
    private readonly NatsConnection _client;
    private readonly List<INatsSub<byte[]>> _subscriptions = [];
    private readonly List<Task> _loops = [];

    private PublicOutputRecorder(NatsConnection client) => _client = client;

    public ConcurrentQueue<(string Subject, string Json)> Received { get; } = new();

    /// <summary>Subscribes; returns once the server has every subscription.</summary>
    public static async Task<PublicOutputRecorder> StartAsync(NatsConnection client, string symbol, CancellationToken cancellationToken)
    {
        var recorder = new PublicOutputRecorder(client);
        // NATS.Net's default drops the newest message once 1,024 wait in a subscription's channel: a recorder that falls
        // behind on a loaded machine would miss outputs the engine published. Waiting leaves them in the socket and the
        // server's buffer for this connection instead
        var opts = new NatsSubOpts { ChannelOpts = new NatsSubChannelOpts { Capacity = 1 << 16, FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait } };
        foreach (var pattern in new[] { $"*.public.{symbol}.>", $"market_structure.{symbol}.>", $"strategies.*.{symbol}" })
        {
            var sub = await client.SubscribeCoreAsync<byte[]>(pattern, opts: opts, cancellationToken: cancellationToken);
            recorder._subscriptions.Add(sub);
            recorder._loops.Add(Task.Run(async () =>
            {
                await foreach (var m in sub.Msgs.ReadAllAsync(cancellationToken))
                    recorder.Received.Enqueue((m.Subject, Encoding.UTF8.GetString(m.Data!)));
            }, cancellationToken));
        }
        await client.PingAsync(cancellationToken);
        return recorder;
    }

    /// <summary>Waits until every output the server had for these subscriptions has been taken in (a ping alone leaves the loops' channels to drain).</summary>
    public async Task QuiesceAsync(CancellationToken cancellationToken)
    {
        await _client.PingAsync(cancellationToken);
        var count = -1;
        while (count != Received.Count)
        {
            count = Received.Count;
            await Task.Delay(200, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sub in _subscriptions)
            await sub.DisposeAsync();
    }
}
