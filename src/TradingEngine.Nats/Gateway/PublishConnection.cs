using NATS.Client.Core;

namespace TradingEngine.Nats;

/// <summary>
/// The NATS connection the gateway publishes a batch's rows on, with its ack inbox, that never reconnects
/// (docs/gateway.md, "Order across a nats-server restart"). When a connection dies mid-batch, the rows in its socket are
/// lost while NATS.Net keeps the rows of its write buffer and would send them after a reconnect: the stream would store
/// a later part of the batch before the lost middle, which the re-sent batch fills after it. A connection that died is
/// never reused, so what the stream holds of one attempt is always a prefix of what was sent, and the re-sent batch
/// (same message ids) only appends. The next publish opens a new one.
/// </summary>
internal sealed class PublishConnection : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private volatile bool _opened;
    private volatile bool _lost;
    private readonly CancellationTokenSource _lostSource = new();

    private PublishConnection(NatsConnection connection) => _connection = connection;

    public JetStreamAckInbox Acks { get; private set; } = null!;

    public NatsConnection Connection => _connection;

    /// <summary>Open, and never disconnected since it was opened (a connection that lost its socket stays unusable).</summary>
    public bool IsOpen => _connection.ConnectionState == NatsConnectionState.Open && !Lost;

    /// <summary>The connection lost its socket once: everything it still held is dropped with it.</summary>
    public bool Lost => _lost;

    /// <summary>Cancelled when the connection is lost: a publish blocked on a full write buffer gives up at once.</summary>
    public CancellationToken LostToken => _lostSource.Token;

    public static async Task<PublishConnection> OpenAsync(NatsEndpoint endpoint, CancellationToken cancellationToken)
    {
        var connection = await NatsConnector.ConnectAsync(endpoint, cancellationToken: cancellationToken).ConfigureAwait(false);
        var publisher = new PublishConnection(connection);
        // NATS.Net calls this before every connect of its reconnect loop: refusing it keeps the write buffer from ever
        // reaching the next server (the connection is disposed when the gateway replaces it)
        connection.OnConnectingAsync = publisher.RefuseReconnect;
        publisher._opened = true;
        connection.ConnectionDisconnected += publisher.OnDisconnectedAsync;
        try
        {
            publisher.Acks = await JetStreamAckInbox.StartAsync(connection, cancellationToken).ConfigureAwait(false);
            return publisher;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private ValueTask<(string Host, int Port)> RefuseReconnect((string Host, int Port) target)
    {
        if (_opened)
            _lost = true;
        return _opened
            ? ValueTask.FromException<(string, int)>(new NatsException($"the gateway's publish connection does not reconnect to {target.Host}:{target.Port}: a new connection replaces it"))
            : ValueTask.FromResult(target);
    }

    private ValueTask OnDisconnectedAsync(object? sender, NatsEventArgs args)
    {
        _lost = true;
        // the batches waiting for acks fail now, not at their timeout: their rows not yet stored never will be
        Acks?.FailAll($"NATS connection to {args.Message} lost mid-batch");
        _lostSource.Cancel();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The connection first, with whatever it still held (a lost connection's write buffer may be full: an unsubscribe
    /// queued behind it would wait forever), then the ack inbox's reader.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _connection.ConnectionDisconnected -= OnDisconnectedAsync;
        await _connection.DisposeAsync().ConfigureAwait(false);
        if (Acks is not null)
            await Acks.DisposeAsync().ConfigureAwait(false);
        _lostSource.Dispose();
    }
}
