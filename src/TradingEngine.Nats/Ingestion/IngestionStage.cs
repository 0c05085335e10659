using System.Runtime.CompilerServices;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Everything between a NATS payload and an input-ring slot, shared by the core-NATS and JetStream ingestors:
/// size limit, subject, the symbol's ring, then claim a slot of that ring and decode straight into it (JSON, or the
/// binary frame when the first byte is <see cref="BinaryMessageCodec.Magic"/>, which no JSON text can start with), then
/// the checks on the decoded slot: body symbol against the subject, clock skew (<see cref="ClockSkewGuard"/>),
/// event-time order, the trade checks (<see cref="TradeGuard"/>: zero size, price band). The order watermark moves
/// only for a message that passed every check.
/// One stage per subscription loop (its order guard and symbol cache are not shared); the rings are multi-producer.
/// <para>Each accepted event goes to its symbol's input ring (<see cref="RingRoutes{T}"/>: one ring per executor, the
/// table built from the engine config). There is no staging copy: the message is decoded into the slot it will be
/// read from. A message rejected after its slot was claimed (a decode error, a failed check) leaves that slot as a
/// <see cref="MarketEventKind.Skip"/> marker, counted (<see cref="IngestionCounters.SkipMarkers"/>), which every
/// consumer of the ring passes over and counts; rejections found before the claim (size, subject, a symbol no ring
/// takes) take no slot. Either way the caller gets the reason and dead-letters the payload.</para>
/// <para>Claimed slots are published per ring as one range at <see cref="Flush"/> (the subscription loop flushes when
/// NATS.Net has nothing more buffered, at most <see cref="StageCapacity"/> messages): one consumer wake-up per batch
/// instead of per message, which is what keeps a blocking-wait consumer from being woken for every tick. A claim that
/// finds its ring full publishes everything this stage holds first (in every ring), then waits: the consumers it waits
/// for never wait for this stage's own slots, and no other executor's ring is held back meanwhile.</para>
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
    // per ring: the slots claimed and not yet published, [lo, lo + count); accepted events among them per kind
    private readonly long[] _claimedLo;
    private readonly int[] _claimedCount;
    private readonly int[] _claimLimit;
    private readonly long[] _accepted;

    /// <summary>Most slots held claimed and unpublished per ring (fewer for a ring smaller than this: at most its size).</summary>
    public const int StageCapacity = 256;

    private const int Kinds = 8;

    /// <summary>A stage publishing every symbol into one ring.</summary>
    public IngestionStage(RingBuffer<MarketEvent> ring, SymbolRegistry symbols, IngestionCounters counters, IInputDecoder json, IInputDecoder binary, IngestionOptions options)
        : this(RingRoutes<MarketEvent>.Single(ring), symbols, counters, json, binary, options)
    {
    }

    public IngestionStage(RingRoutes<MarketEvent> routes, SymbolRegistry symbols, IngestionCounters counters, IInputDecoder json, IInputDecoder binary, IngestionOptions options)
    {
        _routes = routes;
        _claimedLo = new long[routes.Count];
        _claimedCount = new int[routes.Count];
        // a range is published whole: never more than the ring holds (a 16-slot ring once got a range of 40 and threw)
        _claimLimit = new int[routes.Count];
        for (var i = 0; i < _claimLimit.Length; i++)
            _claimLimit[i] = Math.Min(StageCapacity, routes[i].Size);
        _accepted = new long[routes.Count * Kinds];
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
    /// the reason and a detail naming the field and value when rejected (the caller dead-letters the payload; a slot
    /// already claimed for it is published as a skip marker).
    /// </summary>
    /// <param name="receiveTime">when the message was received (UTC ns); 0: now. A JetStream message's is the time its
    /// stream stored it, so a re-delivery after a restart is the same input to the DAG.</param>
    public long Admit(string subject, ReadOnlySpan<byte> payload, long sourceSequence, out int ring, out RejectReason reason, out string? detail, long receiveTime = 0)
    {
        var accepted = Stage(subject, payload, sourceSequence, out ring, out reason, out detail, receiveTime);
        if (ring < 0)
            return -1;
        var last = PublishClaimed(ring);
        if (accepted)
            return last;
        ring = -1;
        return -1;
    }

    /// <summary>Decodes, validates and publishes one message; returns its ring sequence or −1 (see the overload that also gives its ring).</summary>
    public long Admit(string subject, ReadOnlySpan<byte> payload, long sourceSequence, out RejectReason reason, out string? detail) =>
        Admit(subject, payload, sourceSequence, out _, out reason, out detail);

    /// <summary>The index of <paramref name="subject"/>'s input ring, −1 when it is not an input subject of a routed symbol.</summary>
    public int RingOf(string subject) =>
        NatsSubjects.TryParseInput(subject, out _, out var name, out _) && TryResolve(name, out var symbol) ? _routes.IndexOf(symbol.Value) : -1;

    /// <inheritdoc cref="Stage(string, ReadOnlySpan{byte}, long, out int, out RejectReason, out string?, long)"/>
    public bool Stage(string subject, ReadOnlySpan<byte> payload, long sourceSequence, out RejectReason reason, out string? detail) =>
        Stage(subject, payload, sourceSequence, out _, out reason, out detail);

    /// <summary>
    /// Claims a slot of the message's ring, decodes it into the slot and validates it; the slot is published at the next
    /// <see cref="Flush"/> (or earlier, see the class). False with the reason and a detail naming the field and value
    /// when rejected; <paramref name="ring"/> is then the ring whose slot became a skip marker, −1 when it was rejected
    /// before a slot was claimed.
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
        var resolved = TryResolve(subjectSymbol, out var symbol);
        var index = resolved ? _routes.IndexOf(symbol.Value) : -1;
        if (index < 0)
            return RejectUnrouted(subject, payload, kind, subjectSymbol, timeframe, resolved, symbol, receiveTime, out reason, out detail);
        // the symbol's ring is known from the subject: claim its slot and decode straight into it
        var sequence = Claim(index);
        ring = index;
        ref var slot = ref _routes[index][sequence];
        if (!Validate(ref slot, subject, payload, kind, subjectSymbol, timeframe, true, symbol, receiveTime, out reason, out detail))
        {
            MarkSkipped(ref slot);
            return false;
        }
        _order.Advance(symbol, kind, slot.EventTime);
        SetReceiveTime(ref slot, receiveTime);
        slot.SourceSequence = sourceSequence;
        // accepted counts per kind, added once per published range: an atomic add per event cost more than the copy did
        _accepted[index * Kinds + ((int)kind & (Kinds - 1))]++;
        return true;
    }

    /// <summary>Publishes the claimed slots, one range per ring.</summary>
    public void Flush()
    {
        for (var ring = 0; ring < _claimedCount.Length; ring++)
            PublishClaimed(ring);
    }

    /// <summary>
    /// Decodes <paramref name="payload"/> into <paramref name="e"/> and runs every check but the ring's; false with the
    /// first failure's reason and detail. The order of the checks decides which reason a message with several faults
    /// gets: decode, symbol, body symbol, timeframe, clock skew, event-time order, trade.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Validate(ref MarketEvent e, string subject, ReadOnlySpan<byte> payload, MarketEventKind kind, ReadOnlySpan<char> subjectSymbol, Timeframe timeframe,
        bool resolved, SymbolId symbol, long receiveTime, out RejectReason reason, out string? detail)
    {
        var binary = payload.Length > 0 && payload[0] == BinaryMessageCodec.Magic;
        var decoded = (binary ? _binary : _json).Decode(payload, kind, out e);
        if (!decoded.IsSuccess)
            return Reject(decoded.Reason, decoded.Message ?? decoded.Reason.ToString(), out reason, out detail);
        if (!resolved)
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
        reason = RejectReason.None;
        detail = null;
        return true;
    }

    /// <summary>
    /// A message whose symbol no ring takes (not registered, or owned by no executor of this engine): no slot to decode
    /// into, so it is decoded into a scratch event, only to give it the same reason it would get with a ring (a body
    /// that does not decode is rejected for that first).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RejectUnrouted(string subject, ReadOnlySpan<byte> payload, MarketEventKind kind, ReadOnlySpan<char> subjectSymbol, Timeframe timeframe,
        bool resolved, SymbolId symbol, long receiveTime, out RejectReason reason, out string? detail)
    {
        MarketEvent scratch = default;
        if (!Validate(ref scratch, subject, payload, kind, subjectSymbol, timeframe, resolved, symbol, receiveTime, out reason, out detail))
            return false;
        return Reject(RejectReason.UnknownSymbol, $"symbol '{subjectSymbol}' of subject '{subject}' is owned by no executor of this engine", out reason, out detail);
    }

    /// <summary>A claimed slot whose message was rejected: published as a skip marker, which carries nothing.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void MarkSkipped(ref MarketEvent slot)
    {
        slot = default;
        slot.Kind = MarketEventKind.Skip;
        _counters.OnSkipMarker();
    }

    /// <summary>Claims the next slot of ring <paramref name="index"/>, publishing this stage's claimed range first when the new slot does not extend it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Claim(int index)
    {
        if (_claimedCount[index] == _claimLimit[index])
            PublishClaimed(index);
        if (!_routes[index].TryNext(out var sequence))
            sequence = ClaimWaiting(index);
        var count = _claimedCount[index];
        if (count != 0 && sequence != _claimedLo[index] + count)
        {
            // another producer claimed in between: what this stage holds is a range of its own, published now
            PublishClaimed(index);
            count = 0;
        }
        if (count == 0)
            _claimedLo[index] = sequence;
        _claimedCount[index] = count + 1;
        return sequence;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long ClaimWaiting(int index)
    {
        // a full ring: its executor (or journaler) is behind. Publish every slot this stage holds first: the consumers
        // this claim waits for must not be waiting for this stage's own slots, and no other ring may wait on this one
        _counters.OnRingFull();
        Flush();
        return _routes[index].Next();
    }

    /// <summary>Publishes the slots claimed in ring <paramref name="index"/> as one range; returns its last sequence, −1 when none was claimed.</summary>
    private long PublishClaimed(int index)
    {
        var n = _claimedCount[index];
        if (n == 0)
            return -1;
        var lo = _claimedLo[index];
        var hi = lo + n - 1;
        _claimedCount[index] = 0;
        _routes[index].Publish(lo, hi);
        var accepted = _accepted.AsSpan(index * Kinds, Kinds);
        for (var kind = 0; kind < Kinds; kind++)
        {
            if (accepted[kind] != 0)
            {
                _counters.OnAccepted((MarketEventKind)kind, accepted[kind]);
                accepted[kind] = 0;
            }
        }
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
