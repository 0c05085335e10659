using NATS.Client.Core;
using TradingEngine.Ring;

namespace TradingEngine.Nats;

/// <summary>
/// The reading loop of the subscribers that hand NATS messages to a ring handler as if they were a ring's consumer
/// (<see cref="InternalOutputSubscriber{THandler}"/>, <see cref="RawTickSubscriber{THandler}"/>): one core subscription,
/// each message decoded by the owner's <see cref="Decoder"/>, <c>endOfBatch</c> when no further message is waiting,
/// <see cref="IEventHandler{T}.OnTimeout"/> while the subject is quiet, <see cref="IEventHandler{T}.OnShutdown"/> at the
/// end. A message that does not decode is counted with its reason, never handed on.
/// </summary>
/// <typeparam name="T">what the handler takes.</typeparam>
/// <typeparam name="THandler">a struct handler, held in a non-readonly field so its calls are direct.</typeparam>
internal sealed class SubscriptionRingFeed<T, THandler> : IAsyncDisposable
    where T : struct
    where THandler : IEventHandler<T>
{
    /// <summary>Decodes one message; false with the reason (naming the subject) when it cannot.</summary>
    public delegate bool Decoder(NatsMsg<NatsMemoryOwner<byte>> msg, ReadOnlySpan<byte> payload, out T value, out string rejection);

    private readonly INatsConnection _connection;
    private readonly Decoder _decode;
    private readonly TimeSpan _idleInterval;
    private readonly CancellationTokenSource _stop = new();
    private THandler _handler;
    private INatsSub<NatsMemoryOwner<byte>>? _subscription;
    private Task? _loop;
    private long _received;
    private long _rejected;
    private string? _lastRejection;

    /// <param name="idleInterval">how often <see cref="IEventHandler{T}.OnTimeout"/> is called while nothing arrives (default 50 ms).</param>
    public SubscriptionRingFeed(INatsConnection connection, THandler handler, Decoder decode, TimeSpan? idleInterval)
    {
        _connection = connection;
        _handler = handler;
        _decode = decode;
        _idleInterval = idleInterval ?? TimeSpan.FromMilliseconds(50);
    }

    public long Received => Volatile.Read(ref _received);

    public long Rejected => Volatile.Read(ref _rejected);

    public string? LastRejection => Volatile.Read(ref _lastRejection);

    /// <summary>Completes when the reading loop has ended (after <see cref="DisposeAsync"/>).</summary>
    public Task Completion => _loop ?? Task.CompletedTask;

    /// <summary>Subscribes to <paramref name="subject"/>; messages published from now on are delivered.</summary>
    public async Task StartAsync(string subject, CancellationToken cancellationToken)
    {
        // Wait, not NATS.Net's default DropNewest: a full channel slows the reader instead of losing messages silently
        var opts = new NatsSubOpts { ChannelOpts = new NatsSubChannelOpts { Capacity = 65_536, FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait } };
        _subscription = await _connection.SubscribeCoreAsync(subject, null, NatsRawSerializer<NatsMemoryOwner<byte>>.Default, opts, cancellationToken).ConfigureAwait(false);
        await _connection.PingAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => RunAsync(_subscription, _stop.Token), CancellationToken.None);
    }

    private async Task RunAsync(INatsSub<NatsMemoryOwner<byte>> sub, CancellationToken cancellationToken)
    {
        var reader = sub.Msgs;
        long sequence = -1;
        _handler.OnStart();
        try
        {
            while (true)
            {
                while (reader.TryRead(out var msg))
                    Handle(msg, ref sequence, endOfBatch: !reader.TryPeek(out _));
                var ready = reader.WaitToReadAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(ready, Task.Delay(_idleInterval, cancellationToken)).ConfigureAwait(false) != ready)
                {
                    _handler.OnTimeout(sequence);
                    if (!await ready.ConfigureAwait(false))
                        break;
                }
                else if (!await ready.ConfigureAwait(false))
                {
                    break; // unsubscribed: the channel is complete
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _handler.OnShutdown();
        }
    }

    private void Handle(NatsMsg<NatsMemoryOwner<byte>> msg, ref long sequence, bool endOfBatch)
    {
        using var data = msg.Data;
        if (!_decode(msg, data.Span, out var value, out var rejection))
        {
            Interlocked.Increment(ref _rejected);
            Volatile.Write(ref _lastRejection, rejection);
            return;
        }
        Interlocked.Increment(ref _received);
        _handler.OnEvent(ref value, ++sequence, endOfBatch);
    }

    /// <summary>Unsubscribes, lets the loop hand on what it read (then its <c>OnShutdown</c>), and ends.</summary>
    public ValueTask DisposeAsync() => SubscriptionShutdown.StopAsync(_subscription, _loop, _stop);
}
