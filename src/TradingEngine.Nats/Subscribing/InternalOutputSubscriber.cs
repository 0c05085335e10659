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

    private readonly SymbolRegistry _symbols;
    private readonly string? _prefix;
    private readonly SubscriptionRingFeed<OutputMessage, THandler> _feed;

    /// <param name="connection">the internal connection.</param>
    /// <param name="symbols">where symbols named by the subjects are registered (the sink's registry).</param>
    /// <param name="handler">what each frame goes to.</param>
    /// <param name="idleInterval">how often <see cref="IEventHandler{T}.OnTimeout"/> is called while nothing arrives (default 50 ms).</param>
    /// <param name="prefix">read a replay's outputs under this <see cref="SubjectPrefix"/> instead of the live ones.</param>
    public InternalOutputSubscriber(INatsConnection connection, SymbolRegistry symbols, THandler handler, TimeSpan? idleInterval = null, string? prefix = null)
    {
        SubjectPrefix.Validate(prefix);
        _prefix = prefix;
        _symbols = symbols;
        _feed = new SubscriptionRingFeed<OutputMessage, THandler>(connection, handler, Decode, idleInterval);
    }

    /// <summary>What it subscribes to: <see cref="Subject"/>, under the prefix when one was given.</summary>
    public string SubjectFilter => SubjectPrefix.Apply(_prefix, Subject);

    /// <summary>Frames decoded and handed to the handler.</summary>
    public long Received => _feed.Received;

    /// <summary>Frames on an internal subject that did not decode (or named no output stream).</summary>
    public long Rejected => _feed.Rejected;

    /// <summary>Why the last frame was rejected.</summary>
    public string? LastRejection => _feed.LastRejection;

    /// <summary>Completes when the reading loop has ended (after <see cref="DisposeAsync"/>).</summary>
    public Task Completion => _feed.Completion;

    /// <summary>Subscribes; frames published from now on are delivered.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _feed.StartAsync(SubjectFilter, cancellationToken);

    private bool Decode(NatsMsg<NatsMemoryOwner<byte>> msg, ReadOnlySpan<byte> payload, out OutputMessage m, out string rejection)
    {
        m = default;
        if (!SubjectPrefix.TryStrip(_prefix, msg.Subject, out var subject) || !OutputRouting.TryMapInternalToPublic(subject, out _, out var symbol))
        {
            rejection = $"{msg.Subject}: not an output stream";
            return false;
        }
        var r = BinaryMessageCodec.Decode(payload, out m, out _);
        if (!r.IsSuccess)
        {
            rejection = $"{msg.Subject}: {r.Message ?? r.Reason.ToString()}";
            return false;
        }
        m.Symbol = _symbols.GetOrAdd(symbol);
        rejection = "";
        return true;
    }

    /// <summary>Unsubscribes, lets the loop hand what it read to the handler (then its <c>OnShutdown</c>), and ends.</summary>
    public ValueTask DisposeAsync() => _feed.DisposeAsync();
}
