using System.Globalization;
using System.Text;
using NATS.Client.Core;

namespace TradingEngine.Nats;

/// <summary>
/// One engine per stream: a durable pull consumer serves every client that pulls from it, so two engines on one
/// durable would each journal part of the stream and ack the other's messages. While it runs, an engine answers on
/// <c>te.jetstream.owner.{stream}</c>; a starting engine asks there first and refuses to start when another engine
/// answers (<see cref="JetStreamOwnerConflictException"/>). The answer dies with the process (a kill -9 frees the
/// stream at once), so a restart after a crash is never refused.
/// </summary>
internal sealed class JetStreamOwnership : IAsyncDisposable
{
    private const string SubjectPrefix = "te.jetstream.owner.";
    private readonly INatsSub<byte[]> _subscription;
    private readonly Task _answering;

    private JetStreamOwnership(INatsSub<byte[]> subscription, Task answering)
    {
        _subscription = subscription;
        _answering = answering;
    }

    public static string Subject(string stream) => SubjectPrefix + stream;

    /// <summary>
    /// Starts answering for <paramref name="stream"/>, then asks whether anyone else does. Throws
    /// <see cref="JetStreamOwnerConflictException"/> naming the other engine when one answers within <paramref name="probe"/>.
    /// (Two engines starting in the same instant both see each other and both refuse.)
    /// </summary>
    public static async Task<JetStreamOwnership> AcquireAsync(NatsConnection connection, string stream, string consumer, TimeSpan probe,
        CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid().ToString("N");
        var me = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{id}|consumer '{consumer}', pid {Environment.ProcessId} on {Environment.MachineName}, running since {DateTime.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'}"));
        var subject = Subject(stream);
        var sub = await connection.SubscribeCoreAsync<byte[]>(subject, cancellationToken: cancellationToken).ConfigureAwait(false);
        var answering = Task.Run(async () =>
        {
            await foreach (var msg in sub.Msgs.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (msg.ReplyTo is null)
                    continue;
                try
                {
                    await msg.ReplyAsync(me, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is NatsException or ObjectDisposedException)
                {
                    // disconnected: the asker sees no answer from us this time; NATS.Net resubscribes on reconnect
                }
            }
        }, CancellationToken.None);
        var ownership = new JetStreamOwnership(sub, answering);
        try
        {
            var others = new List<string>();
            var inbox = connection.NewInbox();
            await using (var replies = await connection.SubscribeCoreAsync<byte[]>(inbox, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await connection.PublishAsync(subject, Array.Empty<byte>(), replyTo: inbox, cancellationToken: cancellationToken).ConfigureAwait(false);
                using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                window.CancelAfter(probe);
                try
                {
                    await foreach (var reply in replies.Msgs.ReadAllAsync(window.Token).ConfigureAwait(false))
                    {
                        var text = Encoding.UTF8.GetString(reply.Data ?? []);
                        var bar = text.IndexOf('|', StringComparison.Ordinal);
                        if (bar > 0 && text.AsSpan(0, bar).SequenceEqual(id))
                            continue;
                        others.Add(bar > 0 ? text[(bar + 1)..] : text);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // the probe window is over
                }
            }
            if (others.Count > 0)
                throw new JetStreamOwnerConflictException(stream, consumer, others);
            return ownership;
        }
        catch
        {
            await ownership.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops answering: another engine may take the stream from now on.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _subscription.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or ObjectDisposedException)
        {
            // the connection is gone: so is the subscription
        }
        await _answering.ConfigureAwait(false);
        await _subscription.DisposeAsync().ConfigureAwait(false);
    }
}
