using System.Runtime.CompilerServices;

namespace TradingEngine.Types;

/// <summary>
/// The fast path of <see cref="JsonMessageDecoder.Decode(ReadOnlySpan{byte}, out MarketEvent)"/> for the commonest input,
/// a tick in the layout <see cref="JsonMessageEncoder"/> writes:
/// <c>{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"…Z","timeframe":null,"data":{"price":…,"size":…[,"bid":…][,"ask":…][,"venue":"…"][,"conditions":…][,"suspicious":…][,"flagged":…]}}</c>
/// with no whitespace, escapes, exponents or metadata, for a symbol whose instrument gives the precisions.
/// It reads the bytes straight through (no <c>Utf8JsonReader</c>, no second pass over <c>data</c>, no field-name
/// search) and accepts only what the general reader accepts with the same result: every byte it takes is printable
/// ASCII of that layout, numbers are JSON numbers converted by the same routines, and the same rules apply (positive
/// prices, non-negative sizes, the instrument's decimals). Anything else, valid or not, returns false and goes to the
/// general path, which gives the rejection its reason. <c>JsonCanonicalTickTests</c> checks, on encoded ticks and on
/// random mutations of them, that whenever this path answers, the general path gives the same event.
/// </summary>
public sealed partial class JsonMessageDecoder
{
    private const int MaxVenueBytes = 2;

    /// <summary>Decodes with the general reader only (the reference the fast path is tested against).</summary>
    internal DecodeResult DecodeGeneral(ReadOnlySpan<byte> utf8, out MarketEvent e) => DecodeMarketEvent(utf8, out e);

    /// <summary>
    /// The fixed envelope of a canonical message of type <paramref name="typePrefix"/> (<c>{"schema_version":1,"type":"tick","symbol":"</c>)
    /// up to and including <c>"data":{</c>: the instrument, the event time and the index of the first data field.
    /// </summary>
    private bool TryCanonicalEnvelope(ReadOnlySpan<byte> p, ReadOnlySpan<byte> typePrefix, out Instrument instrument, out long eventTime, out int i)
    {
        instrument = null!;
        eventTime = 0;
        i = 0;
        if (p.Length > MaxPayloadBytes || Instruments is null || !Literal(p, ref i, typePrefix))
            return false;
        var symbolStart = i;
        if (!PlainString(p, ref i, MaxSymbolBytes))
            return false;
        var symbolBytes = p[symbolStart..(i - 1)];
        if (!Literal(p, ref i, ",\"timestamp\":\""u8))
            return false;
        var timeStart = i;
        return PlainString(p, ref i, 40)
            && Utf8Text.TryParseTimestamp(p[timeStart..(i - 1)], out eventTime)
            && Literal(p, ref i, ",\"timeframe\":null,\"data\":{"u8)
            && TryResolveInstrument(symbolBytes, out instrument);
    }

    /// <summary>The optional tail both ticks and quotes share: venue, conditions, suspicious, flagged, then the two closing braces.</summary>
    private static bool TryCanonicalTail(ReadOnlySpan<byte> p, ref int i, ref ushort venue, ref uint conditions, out bool suspicious, out bool flagged)
    {
        suspicious = false;
        flagged = false;
        if (Literal(p, ref i, ",\"venue\":\""u8))
        {
            var venueStart = i;
            if (!PlainString(p, ref i, MaxVenueBytes))
                return false;
            var v = p[venueStart..(i - 1)];
            venue = (ushort)(v[0] | (v.Length == 2 ? v[1] << 8 : 0));
        }
        if (Literal(p, ref i, ",\"conditions\":"u8) && !UInt32(p, ref i, out conditions))
            return false;
        if (Literal(p, ref i, ",\"suspicious\":"u8) && !Bool(p, ref i, out suspicious))
            return false;
        if (Literal(p, ref i, ",\"flagged\":"u8) && !Bool(p, ref i, out flagged))
            return false;
        return Literal(p, ref i, "}}"u8) && i == p.Length;
    }

    private static bool Bool(ReadOnlySpan<byte> p, ref int i, out bool value)
    {
        value = Literal(p, ref i, "true"u8);
        return value || Literal(p, ref i, "false"u8);
    }

    /// <summary>True when <paramref name="p"/> is a canonical quote that decodes successfully; <paramref name="e"/> is then the event.</summary>
    /// <remarks>Layout: <c>"data":{["bid":…,"bid_size":…][,]["ask":…,"ask_size":…]…}</c>, at least one side, each side complete.</remarks>
    internal bool TryDecodeCanonicalQuote(ReadOnlySpan<byte> p, out MarketEvent e)
    {
        e = default;
        if (!TryCanonicalEnvelope(p, "{\"schema_version\":1,\"type\":\"quote\",\"symbol\":\""u8, out var instrument, out var eventTime, out var i))
            return false;
        ref var q = ref e.Quote;
        q.Symbol = instrument.Id;
        q.EventTime = eventTime;
        q.PricePrecision = instrument.PricePrecision;
        q.SizePrecision = instrument.SizePrecision;
        var sides = 0;
        if (Literal(p, ref i, "\"bid\":"u8))
        {
            if (!Fixed(p, ref i, instrument.PricePrecision, out q.BidRaw) || q.BidRaw <= 0
                || !Literal(p, ref i, ",\"bid_size\":"u8) || !Fixed(p, ref i, instrument.SizePrecision, out q.BidSizeRaw) || q.BidSizeRaw < 0)
                return false;
            sides++;
        }
        if (Literal(p, ref i, sides == 0 ? "\"ask\":"u8 : ",\"ask\":"u8))
        {
            if (!Fixed(p, ref i, instrument.PricePrecision, out q.AskRaw) || q.AskRaw <= 0
                || !Literal(p, ref i, ",\"ask_size\":"u8) || !Fixed(p, ref i, instrument.SizePrecision, out q.AskSizeRaw) || q.AskSizeRaw < 0)
                return false;
            sides++;
        }
        if (sides == 0 || !TryCanonicalTail(p, ref i, ref q.Venue, ref q.Conditions, out var suspicious, out var flagged))
            return false;
        q.Flags = (suspicious ? QuoteFlags.Suspicious : 0) | (flagged ? QuoteFlags.Flagged : 0);
        if (Validate(in q) != RejectReason.None)
            return false;
        e.Kind = MarketEventKind.Quote;
        e.Symbol = instrument.Id;
        return true;
    }

    /// <summary>True when <paramref name="p"/> is a canonical tick that decodes successfully; <paramref name="e"/> is then the event.</summary>
    internal bool TryDecodeCanonicalTick(ReadOnlySpan<byte> p, out MarketEvent e)
    {
        e = default;
        if (!TryCanonicalEnvelope(p, "{\"schema_version\":1,\"type\":\"tick\",\"symbol\":\""u8, out var instrument, out var eventTime, out var i)
            || !Literal(p, ref i, "\"price\":"u8))
            return false;
        ref var t = ref e.Tick;
        t.Symbol = instrument.Id;
        t.EventTime = eventTime;
        t.PricePrecision = instrument.PricePrecision;
        t.SizePrecision = instrument.SizePrecision;
        if (!Fixed(p, ref i, instrument.PricePrecision, out t.PriceRaw) || t.PriceRaw <= 0)
            return false;
        if (!Literal(p, ref i, ",\"size\":"u8) || !Fixed(p, ref i, instrument.SizePrecision, out t.SizeRaw) || t.SizeRaw < 0)
            return false;
        var flags = (TickFlags)0;
        if (Literal(p, ref i, ",\"bid\":"u8))
        {
            if (!Fixed(p, ref i, instrument.PricePrecision, out t.BidRaw) || t.BidRaw <= 0)
                return false;
            flags |= TickFlags.HasBid;
        }
        if (Literal(p, ref i, ",\"ask\":"u8))
        {
            if (!Fixed(p, ref i, instrument.PricePrecision, out t.AskRaw) || t.AskRaw <= 0)
                return false;
            flags |= TickFlags.HasAsk;
        }
        if (!TryCanonicalTail(p, ref i, ref t.Venue, ref t.Conditions, out var suspicious, out var flagged))
            return false;
        t.Flags = flags | (suspicious ? TickFlags.Suspicious : 0) | (flagged ? TickFlags.Flagged : 0);
        if (Validate(in t) != RejectReason.None)
            return false;
        e.Kind = MarketEventKind.Tick;
        e.Symbol = instrument.Id;
        return true;
    }

    /// <summary>The registry's instrument of a symbol written as plain ASCII (no interning: unknown symbols take the general path).</summary>
    private bool TryResolveInstrument(ReadOnlySpan<byte> ascii, out Instrument instrument)
    {
        instrument = null!;
        Span<char> chars = stackalloc char[MaxSymbolBytes];
        for (var k = 0; k < ascii.Length; k++)
            chars[k] = (char)ascii[k];
        return Symbols.TryGet(chars[..ascii.Length], out var id) && Instruments!.TryGet(id, out instrument);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Literal(ReadOnlySpan<byte> p, ref int i, ReadOnlySpan<byte> literal)
    {
        if (!p[i..].StartsWith(literal))
            return false;
        i += literal.Length;
        return true;
    }

    /// <summary>
    /// 1..<paramref name="max"/> printable ASCII bytes other than <c>"</c> and <c>\</c> (so nothing escaped and nothing to
    /// validate as UTF-8), then the closing quote; <paramref name="i"/> ends after the quote.
    /// </summary>
    private static bool PlainString(ReadOnlySpan<byte> p, ref int i, int max)
    {
        var start = i;
        while (i < p.Length)
        {
            var b = p[i];
            if (b == (byte)'"')
            {
                var n = i - start;
                i++;
                return n >= 1 && n <= max;
            }
            if (b is < 0x21 or > 0x7E || b == (byte)'\\')
                return false;
            i++;
        }
        return false;
    }

    /// <summary>
    /// A JSON number of the plain shape <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c> (no exponent) at the instrument's
    /// precision, converted as the general path converts it (<see cref="Utf8Text.TryParseDecimal"/>, then
    /// <see cref="FixedPoint.TryRescale"/>); false for any other shape or a value it cannot hold exactly.
    /// </summary>
    private static bool Fixed(ReadOnlySpan<byte> p, ref int i, byte precision, out long raw)
    {
        raw = 0;
        var start = i;
        if (i < p.Length && p[i] == (byte)'-')
            i++;
        if (i >= p.Length || !IsDigit(p[i]))
            return false;
        if (p[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            while (i < p.Length && IsDigit(p[i]))
                i++;
        }
        if (i < p.Length && p[i] == (byte)'.')
        {
            i++;
            var fraction = i;
            while (i < p.Length && IsDigit(p[i]))
                i++;
            if (i == fraction)
                return false;
        }
        if (i < p.Length && (p[i] | 0x20) == (byte)'e')
            return false;
        return Utf8Text.TryParseDecimal(p[start..i], out var value, out var written)
            && FixedPoint.TryRescale(value, written, precision, out raw);
    }

    /// <summary>An unsigned JSON integer <c>0|[1-9][0-9]*</c> up to 4294967295 (no sign, fraction or exponent).</summary>
    private static bool UInt32(ReadOnlySpan<byte> p, ref int i, out uint value)
    {
        value = 0;
        var start = i;
        ulong v = 0;
        while (i < p.Length && IsDigit(p[i]) && i - start < 11)
        {
            v = (v * 10) + (uint)(p[i] - '0');
            i++;
        }
        var n = i - start;
        if (n == 0 || n > 10 || (n > 1 && p[start] == (byte)'0') || v > uint.MaxValue)
            return false;
        if (i < p.Length && (p[i] == (byte)'.' || (p[i] | 0x20) == (byte)'e'))
            return false;
        value = (uint)v;
        return true;
    }

    private static RejectReason Validate<T>(in T message)
        where T : struct, ICatalogMessage<T> => T.Validate(in message, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
