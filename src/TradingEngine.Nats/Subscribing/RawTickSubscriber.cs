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
    private readonly SymbolRegistry _symbols;
    private readonly JsonInputDecoder _json;
    private readonly BinaryInputDecoder _binary = new();
    private readonly SubscriptionRingFeed<MarketEvent, THandler> _feed;

    /// <param name="connection">the external connection (where feeds publish ticks).</param>
    /// <param name="symbols">where the symbols named by subjects and bodies are registered.</param>
    /// <param name="handler">what each tick goes to.</param>
    /// <param name="idleInterval">how often <see cref="IEventHandler{T}.OnTimeout"/> is called while nothing arrives (default 50 ms).</param>
    public RawTickSubscriber(INatsConnection connection, SymbolRegistry symbols, THandler handler, TimeSpan? idleInterval = null)
    {
        _symbols = symbols;
        _json = new JsonInputDecoder(symbols);
        _feed = new SubscriptionRingFeed<MarketEvent, THandler>(connection, handler, Decode, idleInterval);
    }

    /// <summary>What it subscribes to.</summary>
    public static string SubjectFilter => NatsSubjects.TicksRawPrefix + ">";

    /// <summary>Ticks decoded and handed to the handler.</summary>
    public long Received => _feed.Received;

    /// <summary>Messages on a tick subject that did not decode.</summary>
    public long Rejected => _feed.Rejected;

    /// <summary>Why the last message was rejected.</summary>
    public string? LastRejection => _feed.LastRejection;

    /// <summary>Subscribes; ticks published from now on are delivered.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _feed.StartAsync(SubjectFilter, cancellationToken);

    private bool Decode(NatsMsg<NatsMemoryOwner<byte>> msg, ReadOnlySpan<byte> payload, out MarketEvent e, out string rejection)
    {
        e = default;
        if (!NatsSubjects.TryParseInput(msg.Subject, out var kind, out var name, out _) || kind != MarketEventKind.Tick)
        {
            rejection = $"{msg.Subject}: not a tick subject";
            return false;
        }
        var binary = payload.Length > 0 && payload[0] == BinaryMessageCodec.Magic;
        var r = binary ? _binary.Decode(payload, MarketEventKind.Tick, out e) : _json.Decode(payload, MarketEventKind.Tick, out e);
        if (!r.IsSuccess)
        {
            rejection = $"{msg.Subject}: {r.Message ?? r.Reason.ToString()}";
            return false;
        }
        e.Tick.Symbol = _symbols.GetOrAdd(name.ToString());
        e.Symbol = e.Tick.Symbol;
        rejection = "";
        return true;
    }

    /// <summary>Unsubscribes, lets the loop hand on what it read (then its <c>OnShutdown</c>), and ends.</summary>
    public ValueTask DisposeAsync() => _feed.DisposeAsync();
}
