using NATS.Client.Core;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Reads the engine's binary output frames from the internal subjects (<c>candles.internal.&gt;</c>,
/// <c>indicators.internal.&gt;</c>, <c>structure.internal.&gt;</c>, <c>signals.internal.&gt;</c>) and hands each decoded
/// <see cref="OutputMessage"/> to a ring handler, as if it were an output-ring consumer: the standalone <c>te sink</c>
/// plugs the Timescale sink's <c>OutputRingSinkHandler</c> in unchanged. <c>endOfBatch</c> is set when no further frame
/// is waiting, and <see cref="IEventHandler{T}.OnTimeout"/> is called while the subjects are quiet, so batching and
/// flushing work as on the ring.
/// <para>One subscription on <c>*.internal.&gt;</c> (not one per stream): NATS keeps the order of one publisher's
/// messages on one subscription, so frames arrive in the order the engine published them, and a sink that rejects
/// a source sequence going backwards sees none. The symbol comes from the subject (a frame's symbol id is the
/// engine's own) and is registered in <paramref name="symbols"/>.</para>
/// <para>Core NATS is at most once: frames published while this subscriber is down, or dropped by a slow consumer,
/// are gone; nothing re-delivers them. Exactly once holds for what arrives (the sink's watermark skips repeats),
/// not for what never does: for a complete store, run the sink in the engine (<c>te run --pg</c>) or replay the journal.</para>
/// </summary>
/// <typeparam name="THandler">a struct handler, held in a non-readonly field so its calls are direct.</typeparam>
public sealed class InternalOutputSubscriber<THandler> : IAsyncDisposable
    where THandler : IEventHandler<OutputMessage>
{
    /// <summary>The one wildcard that covers every internal output stream.</summary>
    public const string Subject = "*.internal.>";

    private readonly INatsConnection _connection;
    private readonly SymbolRegistry _symbols;
    private readonly TimeSpan _idleInterval;
    private readonly string? _prefix;
    private readonly CancellationTokenSource _stop = new();
    private THandler _handler;
    private INatsSub<NatsMemoryOwner<byte>>? _subscription;
    private Task? _loop;
    private long _received;
    private long _rejected;
    private string? _lastRejection;

    /// <param name="connection">the internal connection.</param>
    /// <param name="symbols">where symbols named by the subjects are registered (the sink's registry).</param>
    /// <param name="handler">what each frame goes to.</param>
    /// <param name="idleInterval">how often <see cref="IEventHandler{T}.OnTimeout"/> is called while nothing arrives (default 50 ms).</param>
    /// <param name="prefix">read a replay's outputs under this <see cref="SubjectPrefix"/> instead of the live ones.</param>
    public InternalOutputSubscriber(INatsConnection connection, SymbolRegistry symbols, THandler handler, TimeSpan? idleInterval = null, string? prefix = null)
    {
        SubjectPrefix.Validate(prefix);
        _prefix = prefix;
        _connection = connection;
        _symbols = symbols;
        _handler = handler;
        _idleInterval = idleInterval ?? TimeSpan.FromMilliseconds(50);
    }

    /// <summary>What it subscribes to: <see cref="Subject"/>, under the prefix when one was given.</summary>
    public string SubjectFilter => SubjectPrefix.Apply(_prefix, Subject);

    /// <summary>Frames decoded and handed to the handler.</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Frames on an internal subject that did not decode (or named no output stream).</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    /// <summary>Why the last frame was rejected.</summary>
    public string? LastRejection => Volatile.Read(ref _lastRejection);

    /// <summary>Completes when the reading loop has ended (after <see cref="DisposeAsync"/>).</summary>
    public Task Completion => _loop ?? Task.CompletedTask;

    /// <summary>Subscribes; frames published from now on are delivered.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // Wait, not NATS.Net's default DropNewest: a full channel slows the reader instead of losing frames silently
        var opts = new NatsSubOpts { ChannelOpts = new NatsSubChannelOpts { Capacity = 65_536, FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait } };
        _subscription = await _connection.SubscribeCoreAsync(SubjectFilter, null, NatsRawSerializer<NatsMemoryOwner<byte>>.Default, opts, cancellationToken).ConfigureAwait(false);
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
                {
                    Handle(msg, ref sequence, endOfBatch: !reader.TryPeek(out _));
                }
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
        if (!SubjectPrefix.TryStrip(_prefix, msg.Subject, out var subject) || !OutputRouting.TryMapInternalToPublic(subject, out _, out var symbol))
        {
            Reject($"{msg.Subject}: not an output stream");
            return;
        }
        var r = BinaryMessageCodec.Decode(data.Span, out OutputMessage m, out _);
        if (!r.IsSuccess)
        {
            Reject($"{msg.Subject}: {r.Message ?? r.Reason.ToString()}");
            return;
        }
        m.Symbol = _symbols.GetOrAdd(symbol);
        Interlocked.Increment(ref _received);
        _handler.OnEvent(ref m, ++sequence, endOfBatch);
    }

    private void Reject(string reason)
    {
        Interlocked.Increment(ref _rejected);
        Volatile.Write(ref _lastRejection, reason);
    }

    /// <summary>Unsubscribes, lets the loop hand what it read to the handler (then its <c>OnShutdown</c>), and ends.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            try
            {
                await _subscription.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NatsException or ObjectDisposedException)
            {
                // connection already closed
            }
        }
        if (_loop is not null)
        {
            if (await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false) != _loop)
                await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
        }
        if (_subscription is not null)
            await _subscription.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
