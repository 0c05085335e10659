using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// The HTTP gateway's side of NATS (docs/gateway.md): publishes a batch's rows to JetStream and waits for every ack,
/// keeps the durable high-water batch sequence per (feeder, session) in a JetStream key-value bucket, dead-letters
/// rejected rows, and tells whether it is ready (connected, the engine's stream present). The gateway project reaches
/// NATS only through this type, so <c>TradingEngine.Nats</c> stays the one project that references NATS.Net.
/// </summary>
public sealed class GatewayJetStream : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;
    private readonly NatsKVContext _kv;
    private readonly string _stream;
    private readonly string _bucket;
    private readonly int _markReplicas;
    private readonly TimeSpan _publishTimeout;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly NatsEndpoint _endpoint;
    private readonly SemaphoreSlim _publisherGate = new(1, 1);
    private volatile PublishConnection? _publisher;
    private INatsKVStore? _marks;

    private GatewayJetStream(NatsConnection connection, PublishConnection publisher, NatsEndpoint endpoint, string stream, string bucket, TimeSpan publishTimeout, int markReplicas)
    {
        _markReplicas = markReplicas;
        _connection = connection;
        _publisher = publisher;
        _endpoint = endpoint;
        _js = new NatsJSContext(connection);
        _kv = new NatsKVContext(_js);
        _stream = stream;
        _bucket = bucket;
        _publishTimeout = publishTimeout;
        _deadLetters = new DeadLetterPublisher(connection, DeadLetterCounters);
    }

    /// <summary>Rows dead-lettered (and dead-letter publishes that failed) since start.</summary>
    public IngestionCounters DeadLetterCounters { get; } = new();

    public string StreamName => _stream;

    public string MarkBucket => _bucket;

    /// <summary>
    /// Connects twice (a refused connection throws <see cref="NatsConnectionRefusedException"/>): one connection that
    /// reconnects, for the marks, dead letters and readiness, and one for the rows that never does
    /// (<see cref="PublishConnection"/>); the bucket is created on first use.
    /// </summary>
    /// <param name="markReplicas">replicas of the mark bucket: 3 on a 3-node cluster, so the loss of a node keeps the marks.</param>
    public static async Task<GatewayJetStream> ConnectAsync(NatsEndpoint endpoint, string stream, string markBucket, TimeSpan publishTimeout,
        CancellationToken cancellationToken = default, int markReplicas = 1)
    {
        var connection = await NatsConnector.ConnectAsync(endpoint, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var publisher = await PublishConnection.OpenAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new GatewayJetStream(connection, publisher, endpoint, stream, markBucket, publishTimeout, markReplicas);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public bool IsConnected => _connection.ConnectionState == NatsConnectionState.Open;

    /// <summary>
    /// Ready: connected, and every subject in <paramref name="subjects"/> (the tick subjects of the symbols the feeders may
    /// send) is captured by a JetStream stream — in a deployment by symbol groups, each group's executor stream
    /// (docs/scaling.md), so a gateway is ready only once every group it feeds is up. With no subjects (a feeder allows
    /// any symbol, <c>*</c>) the configured stream must exist, as for a single engine.
    /// </summary>
    public async Task<(bool Ready, string Detail)> ReadinessAsync(IReadOnlyList<string> subjects, CancellationToken cancellationToken)
    {
        if (!IsConnected)
            return (false, $"NATS is {_connection.ConnectionState}");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_publishTimeout);
            if (subjects.Count == 0)
            {
                var info = await _js.GetStreamAsync(_stream, cancellationToken: timeout.Token).ConfigureAwait(false);
                return (true, $"stream {_stream} holds {info.Info.State.Messages} messages, {info.Info.State.Bytes} bytes");
            }
            var captured = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            var missing = new List<string>();
            foreach (var subject in subjects)
            {
                string? stream = null;
                await foreach (var name in _js.ListStreamNamesAsync(subject, timeout.Token).ConfigureAwait(false))
                {
                    stream = name;
                    break;
                }
                if (stream is null)
                    missing.Add(subject);
                else
                    (captured.TryGetValue(stream, out var list) ? list : captured[stream] = []).Add(subject);
            }
            return missing.Count > 0
                ? (false, $"no JetStream stream captures {string.Join(", ", missing)} (start the executor group that owns each: te serve executor --group NAME)")
                : (true, "streams " + string.Join("; ", captured.Select(c => $"{c.Key} ({string.Join(", ", c.Value)})")));
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            return (false, $"JetStream stream '{_stream}' does not exist (start te run --jetstream --stream {_stream} once)");
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or OperationCanceledException)
        {
            return (false, $"JetStream did not answer: {ex.Message}");
        }
    }

    /// <summary>The highest batch sequence fully stored for a key, 0 when none; throws <see cref="GatewayUnavailableException"/> when NATS cannot say.</summary>
    public async Task<long> ReadMarkAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var store = await MarksAsync(cancellationToken).ConfigureAwait(false);
            var entry = await store.TryGetEntryAsync(key, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!entry.Success)
            {
                if (entry.Error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException)
                    return 0;
                throw entry.Error;
            }
            var text = System.Text.Encoding.ASCII.GetString(entry.Value.Value ?? []);
            return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var mark)
                ? mark
                : throw new InvalidDataException($"KV bucket {_bucket} key {key} holds '{text}', expected a batch sequence");
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new GatewayUnavailableException($"the high-water mark of {key} could not be read from KV bucket {_bucket}: {ex.Message}", ex);
        }
    }

    /// <summary>Stores the highest fully stored batch sequence of a key (after every row of the batch was acked).</summary>
    public async Task WriteMarkAsync(string key, long sequence, CancellationToken cancellationToken)
    {
        try
        {
            var store = await MarksAsync(cancellationToken).ConfigureAwait(false);
            var value = System.Text.Encoding.ASCII.GetBytes(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await store.PutAsync(key, value, NatsRawSerializer<byte[]>.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new GatewayUnavailableException($"the high-water mark of {key} could not be written to KV bucket {_bucket}: {ex.Message}", ex);
        }
    }

    private async ValueTask<INatsKVStore> MarksAsync(CancellationToken cancellationToken)
    {
        if (_marks is { } m)
            return m;
        // file storage, replicated as configured (mark_replicas): the mark must survive a gateway and a server restart,
        // and on a cluster the loss of a node
        var store = await _kv.CreateOrUpdateStoreAsync(new NatsKVConfig(_bucket) { Storage = NatsKVStorageType.File, History = 1, NumberOfReplicas = _markReplicas }, cancellationToken)
            .ConfigureAwait(false);
        return _marks = store;
    }

    /// <summary>
    /// Publishes the messages in order (one connection: the server stores them in the order sent), every one with the
    /// batch's reply subject, then waits for all their acks together (<see cref="JetStreamAckInbox"/>). Any failure
    /// (disconnected, no stream on the subject, stream full, no ack within the timeout) fails the batch. The connection
    /// never reconnects (<see cref="PublishConnection"/>): a lost one is replaced here, so what the stream holds of a failed
    /// attempt is a prefix of the batch, and the batch sent again stores the rest after it, in order.
    /// </summary>
    public async Task<GatewayPublishResult> PublishAsync(IReadOnlyList<GatewayMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
            return new GatewayPublishResult(true, 0, 0, null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_publishTimeout);
        PublishConnection publisher;
        try
        {
            publisher = await PublisherAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsConnectionRefusedException or NatsException or TimeoutException
                                       or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return GatewayPublishResult.Failed($"NATS is unreachable: {Describe(ex)}");
        }
        var acks = publisher.Acks;
        var pending = acks.Begin(messages.Count);
        using var lost = publisher.LostToken.UnsafeRegister(static t => ((CancellationTokenSource)t!).Cancel(), timeout);
        try
        {
            var headers = new MessageIdHeaders();
            var connection = publisher.Connection;
            for (var i = 0; i < messages.Count; i++)
            {
                var m = messages[i];
                await connection.PublishAsync(m.Subject, m.Payload, headers.For(m.MessageId), pending.ReplyTo, NatsRawSerializer<ReadOnlyMemory<byte>>.Default,
                    cancellationToken: timeout.Token).ConfigureAwait(false);
            }
            if (publisher.Lost)
                return GatewayPublishResult.Failed("NATS connection lost mid-batch");
            var failure = await pending.Completion.WaitAsync(timeout.Token).ConfigureAwait(false);
            if (failure is not null)
                return GatewayPublishResult.Failed(ReferenceEquals(failure, PendingAcks.NoResponders) ? NoStream : failure);
            return new GatewayPublishResult(true, pending.Stored, pending.Duplicates, null);
        }
        catch (Exception ex) when (ex is NatsException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested
                                       || ex is ObjectDisposedException && publisher.Lost)
        {
            // disposed: another batch replaced this lost connection while this one still published on it
            return GatewayPublishResult.Failed(publisher.Lost ? "NATS connection lost mid-batch" : Describe(ex));
        }
        finally
        {
            acks.End(pending);
        }
    }

    /// <summary>The publish connection, a new one when the last was lost (the lost one is disposed in the background).</summary>
    private async ValueTask<PublishConnection> PublisherAsync(CancellationToken cancellationToken)
    {
        if (_publisher is { IsOpen: true } open)
            return open;
        await _publisherGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_publisher is { IsOpen: true } other)
                return other;
            if (_publisher is { } lost)
            {
                _publisher = null;
                _ = Task.Run(async () => await lost.DisposeAsync().ConfigureAwait(false), CancellationToken.None);
            }
            return _publisher = await PublishConnection.OpenAsync(_endpoint, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _publisherGate.Release();
        }
    }

    private string NoStream => $"no JetStream stream captures the subject (is stream {_stream} created by te run --jetstream?)";

    private string Describe(Exception ex) => ex switch
    {
        NatsJSApiException api => $"stream refused a message: {api.Error.Description} (error {api.Error.ErrCode})",
        NatsNoRespondersException => NoStream,
        OperationCanceledException or TimeoutException => $"JetStream did not ack within {_publishTimeout.TotalSeconds:0.#} s",
        _ => $"NATS: {ex.Message}",
    };

    /// <summary>Sends a rejected row, byte for byte, to <c>deadletter.&lt;subject&gt;</c> with the reason and detail (counted, never thrown).</summary>
    public ValueTask DeadLetterAsync(string subject, byte[] payload, RejectReason reason, string detail, CancellationToken cancellationToken) =>
        _deadLetters.PublishAsync(subject, payload, reason, detail, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_publisher is { } publisher)
            await publisher.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _publisherGate.Dispose();
    }
}
