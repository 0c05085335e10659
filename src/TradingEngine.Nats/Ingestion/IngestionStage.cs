using System.Runtime.CompilerServices;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Everything between a NATS payload and an input-ring slot, shared by the core-NATS and JetStream ingestors:
/// size limit, decode (JSON, or the binary frame when the first byte is <see cref="BinaryMessageCodec.Magic"/>,
/// which no JSON text can start with), subject check, clock skew (<see cref="ClockSkewGuard"/>), event-time order,
/// the trade checks (<see cref="TradeGuard"/>: zero size, price band), then claim a slot and publish. The order
/// watermark moves only for a message that passed every check.
/// One stage per subscription loop (its order guard and symbol cache are not shared); the rings are multi-producer.
/// <para>Each accepted event goes to its symbol's input ring (<see cref="RingRoutes{T}"/>: one ring per executor, the
/// table built from the engine config). Accepted events are staged per ring and published as one claimed range per
/// ring and <see cref="Flush"/> (the subscription loop flushes when NATS.Net has nothing more buffered): one sequencer
/// claim and one consumer wake-up per batch instead of per message, which is what keeps a blocking-wait consumer from
/// being woken for every tick.</para>
/// </summary>
internal sealed class IngestionStage
{
    private readonly RingRoutes<MarketEvent> _routes;
    private readonly SymbolRegistry _symbols;
    private readonly IngestionCounters _counters;
    private readonly IInputDecoder _json;
    private readonly IInputDecoder _binary;
    private readonly int _maxPayload;
    private readonly EventTimeOrderGuard _order;
    private readonly TradeGuard _trades;
    private readonly long _maxClockSkew;

    internal EventTimeOrderGuard Order => _order;
    private readonly Dictionary<string, SymbolId> _subjectSymbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SymbolId>.AlternateLookup<ReadOnlySpan<char>> _subjectLookup;
    private readonly MarketEvent[][] _staged;
    private readonly int[] _stagedCount;
    private readonly int[] _stageLimit;

    /// <summary>Most events published in one claimed range (fewer for a ring smaller than this: at most its size).</summary>
    public const int StageCapacity = 256;

    /// <summary>A stage publishing every symbol into one ring.</summary>
    public IngestionStage(RingBuffer<MarketEvent> ring, SymbolRegistry symbols, IngestionCounters counters, IInputDecoder json, IInputDecoder binary, IngestionOptions options)
        : this(RingRoutes<MarketEvent>.Single(ring), symbols, counters, json, binary, options)
    {
    }

    public IngestionStage(RingRoutes<MarketEvent> routes, SymbolRegistry symbols, IngestionCounters counters, IInputDecoder json, IInputDecoder binary, IngestionOptions options)
    {
        _routes = routes;
        _staged = new MarketEvent[routes.Count][];
        for (var i = 0; i < _staged.Length; i++)
            _staged[i] = new MarketEvent[StageCapacity];
        _stagedCount = new int[routes.Count];
        // a range is claimed whole: never more than the ring holds (a 16-slot ring staged a burst of 40 and the claim threw)
        _stageLimit = new int[routes.Count];
        for (var i = 0; i < _stageLimit.Length; i++)
            _stageLimit[i] = Math.Min(StageCapacity, routes[i].Size);
        _symbols = symbols;
        _counters = counters;
        _json = json;
        _binary = binary;
        _maxPayload = options.MaxPayloadBytes;
        _order = new EventTimeOrderGuard(options.OutOfOrderTolerance);
        if (options.Instruments is { } instruments && !ReferenceEquals(instruments.Symbols, symbols))
            throw new ArgumentException("the instrument registry of the ingestion options must intern into the ingestor's symbol registry", nameof(options));
        _trades = new TradeGuard(options.Instruments);
        var skew = options.MaxClockSkew ?? options.Instruments?.MaxClockSkew ?? ClockSkewGuard.DefaultMaxSkew;
        _maxClockSkew = (long)(skew.TotalMilliseconds * UtcNanos.PerMillisecond);
        _subjectLookup = _subjectSymbols.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// Decodes, validates and publishes one message. Returns the ring sequence and the index of its ring, or −1 with
    /// the reason and a detail naming the field and value when rejected (the caller dead-letters the payload).
    /// </summary>
    /// <param name="receiveTime">when the message was received (UTC ns); 0: now. A JetStream message's is the time its
    /// stream stored it, so a re-delivery after a restart is the same input to the DAG.</param>
    public long Admit(string subject, ReadOnlySpan<byte> payload, long sourceSequence, out int ring, out RejectReason reason, out string? detail, long receiveTime = 0)
    {
        if (!Stage(subject, payload, sourceSequence, out ring, out reason, out detail, receiveTime))
            return -1;
        return FlushRing(ring);
    }

    /// <summary>Decodes, validates and publishes one message; returns its ring sequence or −1 (see the overload that also gives its ring).</summary>
    public long Admit(string subject, ReadOnlySpan<byte> payload, long sourceSequence, out RejectReason reason, out string? detail) =>
        Admit(subject, payload, sourceSequence, out _, out reason, out detail);

    /// <summary>The index of <paramref name="subject"/>'s input ring, −1 when it is not an input subject of a routed symbol.</summary>
    public int RingOf(string subject) =>
        NatsSubjects.TryParseInput(subject, out _, out var name, out _) && TryResolve(name, out var symbol) ? _routes.IndexOf(symbol.Value) : -1;

    /// <inheritdoc cref="Stage(string, ReadOnlySpan{byte}, long, out int, out RejectReason, out string?)"/>
    public bool Stage(string subject, ReadOnlySpan<byte> payload, long sourceSequence, out RejectReason reason, out string? detail) =>
        Stage(subject, payload, sourceSequence, out _, out reason, out detail);

    /// <summary>
    /// Decodes and validates one message and stages it for the next <see cref="Flush"/> (flushing first when the
    /// stage is full). False with the reason and a detail naming the field and value when rejected.
    /// </summary>
    /// <param name="receiveTime">when the message was received (UTC ns); 0: now (see <see cref="Admit(string, ReadOnlySpan{byte}, long, out int, out RejectReason, out string?, long)"/>).</param>
    public bool Stage(string subject, ReadOnlySpan<byte> payload, long sourceSequence, out int ring, out RejectReason reason, out string? detail, long receiveTime = 0)
    {
        ring = -1;
        if (payload.Length > _maxPayload)
            return Reject(RejectReason.OversizedPayload, $"payload of {payload.Length} bytes exceeds the limit of {_maxPayload}", out reason, out detail);
        if (!NatsSubjects.TryParseInput(subject, out var kind, out var subjectSymbol, out var timeframe))
            return Reject(RejectReason.InvalidValue, $"subject '{subject}' is not an input subject", out reason, out detail);
        if (receiveTime == 0)
            receiveTime = UtcNanos.Now();
        var binary = payload.Length > 0 && payload[0] == BinaryMessageCodec.Magic;
        var decoded = (binary ? _binary : _json).Decode(payload, kind, out var e);
        if (!decoded.IsSuccess)
            return Reject(decoded.Reason, decoded.Message ?? decoded.Reason.ToString(), out reason, out detail);
        if (!TryResolve(subjectSymbol, out var symbol))
            return Reject(RejectReason.UnknownSymbol, $"symbol '{subjectSymbol}' of subject '{subject}' is not registered", out reason, out detail);
        if (binary)
            SetSymbol(ref e, symbol);
        else if (e.Symbol != symbol)
            return Reject(RejectReason.InvalidValue, $"symbol {NameOf(e.Symbol)} in the body does not match subject '{subject}'", out reason, out detail);
        if (kind == MarketEventKind.Candle && e.Candle.Timeframe != timeframe)
            return Reject(RejectReason.InvalidValue, $"candle timeframe {e.Candle.Timeframe} does not match subject '{subject}'", out reason, out detail);
        var eventTime = e.EventTime;
        if (ClockSkewGuard.IsAhead(eventTime, receiveTime, _maxClockSkew))
            return Reject(RejectReason.FutureTimestamp, ClockSkewGuard.Describe(eventTime, receiveTime, _maxClockSkew), out reason, out detail);
        if (_order.IsStale(symbol, kind, eventTime, out var newest))
        {
            return Reject(RejectReason.TimestampOutOfOrder,
                $"event time {UtcNanos.ToIso8601(eventTime)} is {(newest - eventTime) / UtcNanos.PerMillisecond} ms before the newest {kind} of {subjectSymbol} ({UtcNanos.ToIso8601(newest)})",
                out reason, out detail);
        }
        if (kind == MarketEventKind.Tick)
        {
            var trade = _trades.Check(symbol, e.Tick.PriceRaw, e.Tick.PricePrecision, e.Tick.SizeRaw);
            if (trade != RejectReason.None)
                return Reject(trade, _trades.Describe(trade, symbol, subjectSymbol.ToString(), e.Tick.PriceRaw, e.Tick.PricePrecision), out reason, out detail);
        }
        ring = _routes.IndexOf(symbol.Value);
        if (ring < 0)
            return Reject(RejectReason.UnknownSymbol, $"symbol '{subjectSymbol}' of subject '{subject}' is owned by no executor of this engine", out reason, out detail);
        _order.Advance(symbol, kind, eventTime);
        SetReceiveTime(ref e, receiveTime);
        e.SourceSequence = sourceSequence;
        if (_stagedCount[ring] == _stageLimit[ring])
            FlushRing(ring);
        _staged[ring][_stagedCount[ring]++] = e;
        reason = RejectReason.None;
        detail = null;
        return true;
    }

    /// <summary>Publishes the staged events, one claimed range per ring.</summary>
    public void Flush()
    {
        for (var ring = 0; ring < _stagedCount.Length; ring++)
            FlushRing(ring);
    }

    /// <summary>Publishes the events staged for ring <paramref name="index"/> as one range; returns its last sequence, −1 when nothing was staged.</summary>
    private long FlushRing(int index)
    {
        var n = _stagedCount[index];
        if (n == 0)
            return -1;
        var ring = _routes[index];
        var staged = _staged[index];
        var hi = Claim(ring, n);
        var lo = hi - n + 1;
        // accepted counts per kind, added once per batch: an atomic add per event cost more than the copy
        Span<long> accepted = stackalloc long[8];
        for (var i = 0; i < n; i++)
        {
            ref readonly var e = ref staged[i];
            ring[lo + i] = e;
            accepted[(int)e.Kind & 7]++;
        }
        ring.Publish(lo, hi);
        for (var kind = 0; kind < accepted.Length; kind++)
        {
            if (accepted[kind] != 0)
                _counters.OnAccepted((MarketEventKind)kind, accepted[kind]);
        }
        _stagedCount[index] = 0;
        return hi;
    }

    /// <summary>Writes a gap event so the DAG sees that input was lost; returns its ring sequence.</summary>
    public static long PublishGap(RingBuffer<MarketEvent> ring, IngestionCounters counters, SymbolId symbol, long eventTime, long lost, GapReason reason)
    {
        var e = MarketEvent.FromGap(symbol, eventTime, lost, reason);
        e.Gap.ReceiveTime = UtcNanos.Now();
        if (!ring.TryNext(out var sequence))
        {
            counters.OnRingFull();
            sequence = ring.Next();
        }
        ring[sequence] = e;
        ring.Publish(sequence);
        counters.OnGap();
        return sequence;
    }

    /// <summary>Writes a gap event into <paramref name="symbol"/>'s ring; returns the ring's index and the event's sequence (−1, −1 when no ring takes the symbol).</summary>
    public static (int Ring, long Sequence) PublishGap(RingRoutes<MarketEvent> routes, IngestionCounters counters, SymbolId symbol, long eventTime, long lost, GapReason reason)
    {
        var index = routes.IndexOf(symbol.Value);
        return index < 0 ? (-1, -1) : (index, PublishGap(routes[index], counters, symbol, eventTime, lost, reason));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Claim(RingBuffer<MarketEvent> ring, int n)
    {
        if (ring.TryNext(n, out var last))
            return last;
        return ClaimWaiting(ring, n);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long ClaimWaiting(RingBuffer<MarketEvent> ring, int n)
    {
        // a full ring: its executor (or journaler) is behind. Only this ring's producers wait; the stage's other
        // rings were flushed before this one or wait their turn in this loop, never behind a foreign executor's slots
        _counters.OnRingFull();
        return ring.Next(n);
    }

    private bool TryResolve(ReadOnlySpan<char> name, out SymbolId id)
    {
        if (_subjectLookup.TryGetValue(name, out id))
            return true;
        if (!_symbols.TryGet(name, out id))
            return false;
        _subjectSymbols[name.ToString()] = id;
        return true;
    }

    private string NameOf(SymbolId id) => id.IsNone || id.Value > _symbols.Count ? id.ToString() : _symbols.NameOf(id);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Reject(RejectReason why, string text, out RejectReason reason, out string? detail)
    {
        reason = why;
        detail = text;
        return false;
    }

    private static void SetSymbol(ref MarketEvent e, SymbolId symbol)
    {
        e.Symbol = symbol;
        switch (e.Kind)
        {
            case MarketEventKind.Tick: e.Tick.Symbol = symbol; break;
            case MarketEventKind.Quote: e.Quote.Symbol = symbol; break;
            case MarketEventKind.Candle: e.Candle.Symbol = symbol; break;
        }
    }

    private static void SetReceiveTime(ref MarketEvent e, long now)
    {
        switch (e.Kind)
        {
            case MarketEventKind.Tick: e.Tick.ReceiveTime = now; break;
            case MarketEventKind.Quote: e.Quote.ReceiveTime = now; break;
            case MarketEventKind.Candle: e.Candle.ReceiveTime = now; break;
        }
    }
}
