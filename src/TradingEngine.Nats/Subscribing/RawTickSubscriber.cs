using NATS.Client.Core;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Reads the raw trade prints on <c>ticks.raw.&gt;</c> (JSON or binary frames, as the engine's ingestion decodes them)
/// for a watcher beside the engine (<c>te dashboard</c>'s forming candles), and hands each decoded tick to a ring
/// handler: <c>endOfBatch</c> when no further message is waiting, <see cref="IEventHandler{T}.OnTimeout"/> while the
/// subject is quiet. It judges nothing the engine judges (order, clock skew, price bands): what it hands on is what
/// was published, not what the engine accepted. Frames that do not decode are counted in <see cref="Rejected"/>.
/// </summary>
public sealed class RawTickSubscriber<THandler> : IAsyncDisposable
    where THandler : IEventHandler<MarketEvent>
{
    private readonly INatsConnection _connection;
    private readonly SymbolRegistry _symbols;
    private readonly JsonInputDecoder _json;
    private readonly BinaryInputDecoder _binary = new();
    private readonly TimeSpan _idleInterval;
    private readonly CancellationTokenSource _stop = new();
    private THandler _handler;
    private INatsSub<NatsMemoryOwner<byte>>? _subscription;
    private Task? _loop;
    private long _received;
    private long _rejected;
    private string? _lastRejection;

    /// <param name="connection">the external connection (where feeds publish ticks).</param>
    /// <param name="symbols">where the symbols named by subjects and bodies are registered.</param>
    /// <param name="handler">what each tick goes to.</param>
    /// <param name="idleInterval">how often <see cref="IEventHandler{T}.OnTimeout"/> is called while nothing arrives (default 50 ms).</param>
    public RawTickSubscriber(INatsConnection connection, SymbolRegistry symbols, THandler handler, TimeSpan? idleInterval = null)
    {
        _connection = connection;
        _symbols = symbols;
        _json = new JsonInputDecoder(symbols);
        _handler = handler;
        _idleInterval = idleInterval ?? TimeSpan.FromMilliseconds(50);
    }

    /// <summary>What it subscribes to.</summary>
    public static string SubjectFilter => NatsSubjects.TicksRawPrefix + ">";

    /// <summary>Ticks decoded and handed to the handler.</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Messages on a tick subject that did not decode.</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    /// <summary>Why the last message was rejected.</summary>
    public string? LastRejection => Volatile.Read(ref _lastRejection);

    /// <summary>Subscribes; ticks published from now on are delivered.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
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
                    break;
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
        var payload = data.Span;
        if (!NatsSubjects.TryParseInput(msg.Subject, out var kind, out var name, out _) || kind != MarketEventKind.Tick)
        {
            Reject($"{msg.Subject}: not a tick subject");
            return;
        }
        var binary = payload.Length > 0 && payload[0] == BinaryMessageCodec.Magic;
        var r = binary ? _binary.Decode(payload, MarketEventKind.Tick, out var e) : _json.Decode(payload, MarketEventKind.Tick, out e);
        if (!r.IsSuccess)
        {
            Reject($"{msg.Subject}: {r.Message ?? r.Reason.ToString()}");
            return;
        }
        e.Tick.Symbol = _symbols.GetOrAdd(name.ToString());
        e.Symbol = e.Tick.Symbol;
        Interlocked.Increment(ref _received);
        _handler.OnEvent(ref e, ++sequence, endOfBatch);
    }

    private void Reject(string reason)
    {
        Interlocked.Increment(ref _rejected);
        Volatile.Write(ref _lastRejection, reason);
    }

    /// <summary>Unsubscribes, lets the loop hand on what it read (then its <c>OnShutdown</c>), and ends.</summary>
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
