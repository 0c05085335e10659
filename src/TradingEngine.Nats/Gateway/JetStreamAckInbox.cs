using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using NATS.Client.Core;

namespace TradingEngine.Nats;

/// <summary>
/// Collects the JetStream publish acks of every batch in flight on one subscription (<c>&lt;inbox&gt;.&lt;batch&gt;</c>), the way
/// the Go client's async publish does: each row goes out as a core publish whose reply subject is its batch's, and the stream
/// answers every stored message there with a PubAck (<c>{"stream":…,"seq":…[,"duplicate":true]}</c>, or <c>{"error":…}</c>, or a
/// no-responders status when no stream captures the subject). <see cref="NATS.Client.JetStream.NatsJSContext"/>'s per-message
/// request (a reply task, a timeout and a deserialised <c>PubAckResponse</c> per row) cost 3–5× more client time per row
/// (docs/gateway.md, "Performance"); this keeps one counter per batch.
/// </summary>
internal sealed class JetStreamAckInbox : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, PendingAcks> _pending = new();
    private readonly INatsSub<NatsMemoryOwner<byte>> _subscription;
    private readonly string _prefix;
    private readonly Task _loop;
    private long _nextBatch;

    private JetStreamAckInbox(INatsSub<NatsMemoryOwner<byte>> subscription, string prefix)
    {
        _subscription = subscription;
        _prefix = prefix;
        _loop = Task.Run(RunAsync);
    }

    public static async Task<JetStreamAckInbox> StartAsync(NatsConnection connection, CancellationToken cancellationToken)
    {
        // not under the connection's own inbox (NewInbox): NATS.Net answers its requests there directly and would take these acks
        var prefix = "_INBOX.te-acks-" + Guid.NewGuid().ToString("N") + ".";
        // Wait, never drop: a dropped ack would fail a stored batch (the reader only counts, so it keeps up)
        var opts = new NatsSubOpts { ChannelOpts = new NatsSubChannelOpts { Capacity = 65_536, FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait } };
        var sub = await connection.SubscribeCoreAsync(prefix + "*", null, NatsRawSerializer<NatsMemoryOwner<byte>>.Default, opts, cancellationToken)
            .ConfigureAwait(false);
        await connection.PingAsync(cancellationToken).ConfigureAwait(false);
        return new JetStreamAckInbox(sub, prefix);
    }

    /// <summary>Registers a batch of <paramref name="expected"/> messages; publish them with <see cref="PendingAcks.ReplyTo"/>, then await it.</summary>
    public PendingAcks Begin(int expected)
    {
        var id = Interlocked.Increment(ref _nextBatch);
        var pending = new PendingAcks(id, _prefix + id.ToString(CultureInfo.InvariantCulture), expected);
        _pending[id] = pending;
        return pending;
    }

    /// <summary>Forgets a batch (done, failed or timed out): acks that come later are ignored.</summary>
    public void End(PendingAcks pending) => _pending.TryRemove(pending.Id, out _);

    /// <summary>Fails every batch still waiting (the connection is gone: their missing acks will never come).</summary>
    public void FailAll(string failure)
    {
        foreach (var pending in _pending.Values)
            pending.OnFailure(failure);
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var msg in _subscription.Msgs.ReadAllAsync().ConfigureAwait(false))
            {
                using var data = msg.Data;
                if (!long.TryParse(msg.Subject.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    || !_pending.TryGetValue(id, out var pending))
                    continue;
                if (msg.HasNoResponders)
                    pending.OnFailure(PendingAcks.NoResponders);
                else
                    Count(pending, data.Span);
            }
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException or ObjectDisposedException)
        {
            // the subscription ended (disposed); batches still pending time out
        }
    }

    /// <summary>A PubAck: stored, duplicate, or the stream's error (its description and code).</summary>
    private static void Count(PendingAcks pending, ReadOnlySpan<byte> ack)
    {
        // the usual ack, {"stream":"TE_TICKS","seq":123}, is told apart by a search; anything else (a duplicate, an error, a
        // stream named "error") is read in full below
        if (ack.Length > 0 && ack[0] == (byte)'{' && ack.IndexOf("\"seq\""u8) > 0 && ack.IndexOf("\"error\""u8) < 0 && ack.IndexOf("\"duplicate\""u8) < 0)
        {
            pending.OnAck(duplicate: false);
            return;
        }
        var reader = new Utf8JsonReader(ack);
        var duplicate = false;
        string? error = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                pending.OnFailure($"the stream answered '{System.Text.Encoding.UTF8.GetString(ack)}', expected a publish ack");
                return;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("duplicate"u8))
                {
                    reader.Read();
                    duplicate = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = Error(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            error = $"unreadable publish ack: {ex.Message}";
        }
        if (error is not null)
            pending.OnFailure(error);
        else
            pending.OnAck(duplicate);
    }

    private static string Error(ref Utf8JsonReader reader)
    {
        string? description = null;
        long code = 0;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("description"u8))
                {
                    reader.Read();
                    description = reader.GetString();
                }
                else if (reader.ValueTextEquals("err_code"u8))
                {
                    reader.Read();
                    reader.TryGetInt64(out code);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        else
            reader.Skip();
        return $"stream refused a message: {description ?? "no description"} (error {code})";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _subscription.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or ObjectDisposedException)
        {
            // the connection is going away with it
        }
        await _subscription.DisposeAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }
}
