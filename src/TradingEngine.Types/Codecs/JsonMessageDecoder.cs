using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace TradingEngine.Types;

/// <summary>
/// Reads the external JSON contract (see <see cref="JsonMessageEncoder"/>) into engine structs with
/// <see cref="Utf8JsonReader"/> (no DOM), validating as it goes. Every failure is a <see cref="DecodeResult"/> with a
/// typed <see cref="RejectReason"/> and a message naming the field and the value; no exception escapes.
/// <para>Precision: when an <see cref="InstrumentRegistry"/> is configured and lists the symbol, prices and sizes are
/// read at the instrument's precisions (more non-zero decimals → <see cref="RejectReason.PrecisionExceeded"/>);
/// otherwise each message's precision is the largest number of decimals written among its prices (and sizes).</para>
/// <para>Symbols: with a registry, unknown symbols follow its <see cref="UnknownSymbolPolicy"/>; without one every
/// symbol is admitted and interned. The steady state (known symbols) allocates nothing. Thread-safe: it keeps no
/// per-call state, so one instance may serve several threads (new symbols take the registry's lock).</para>
/// <para>Cost: the envelope is read once, then <c>data</c> once more (twice when no instrument gives the precision).</para>
/// </summary>
public sealed partial class JsonMessageDecoder
{
    public const int DefaultMaxPayloadBytes = 64 * 1024;
    private const int MaxSymbolBytes = 64;

    private static readonly JsonReaderOptions s_readerOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 };

    public JsonMessageDecoder(SymbolRegistry symbols, InstrumentRegistry? instruments = null, int maxPayloadBytes = DefaultMaxPayloadBytes)
    {
        if (instruments is not null && !ReferenceEquals(instruments.Symbols, symbols))
            throw new ArgumentException("the instrument registry must intern into the same symbol registry", nameof(instruments));
        Symbols = symbols;
        Instruments = instruments;
        MaxPayloadBytes = maxPayloadBytes;
    }

    public SymbolRegistry Symbols { get; }
    public InstrumentRegistry? Instruments { get; }
    public int MaxPayloadBytes { get; }

    /// <summary>Decodes a message that must be of type <typeparamref name="T"/>.</summary>
    public DecodeResult Decode<T>(ReadOnlySpan<byte> utf8, out T message) where T : struct, ICatalogMessage<T>
    {
        message = default;
        var r = ReadEnvelope(utf8, out var env);
        if (!r.IsSuccess)
            return r;
        if (env.Type != T.Type)
            return Unexpected(env.Type, Encoding.UTF8.GetString(EnumText<MessageType>.NameOf(T.Type)));
        return DecodeData(utf8, in env, ref message);
    }

    /// <summary>Decodes market data for the input ring: tick, quote, candle, timer or gap.</summary>
    /// <remarks>A tick in the encoder's own layout takes a fast path (JsonMessageDecoder.CanonicalTick.cs) with the same result.</remarks>
    public DecodeResult Decode(ReadOnlySpan<byte> utf8, out MarketEvent e) =>
        TryDecodeCanonicalTick(utf8, out e) ? DecodeResult.Success(MessageType.Tick)
        : TryDecodeCanonicalQuote(utf8, out e) ? DecodeResult.Success(MessageType.Quote)
        : DecodeMarketEvent(utf8, out e);

    private DecodeResult DecodeMarketEvent(ReadOnlySpan<byte> utf8, out MarketEvent e)
    {
        e = default;
        var r = ReadEnvelope(utf8, out var env);
        if (!r.IsSuccess)
            return r;
        if (!MessageDispatch.IsMarketEvent(env.Type))
            return Unexpected(env.Type, "tick, quote, candle, timer or gap");
        var op = new DecodeOp(this, utf8, env);
        MessageDispatch.Run(ref e, env.Type, ref op);
        if (op.Result.IsSuccess)
        {
            e.Kind = (MarketEventKind)env.Type;
            e.Symbol = env.Symbol;
            e.SourceSequence = env.SourceSequence;
        }
        return op.Result;
    }

    /// <summary>Decodes an output message (a consumer of the public subjects, or a test).</summary>
    public DecodeResult Decode(ReadOnlySpan<byte> utf8, out OutputMessage m)
    {
        m = default;
        var r = ReadEnvelope(utf8, out var env);
        if (!r.IsSuccess)
            return r;
        if (!OutputMessage.CanCarry(env.Type))
            return Unexpected(env.Type, "an output message");
        var op = new DecodeOp(this, utf8, env);
        MessageDispatch.Run(ref m, env.Type, ref op);
        if (op.Result.IsSuccess)
        {
            m.Kind = env.Type;
            m.NodeId = env.NodeId;
            m.SourceSequence = env.SourceSequence;
        }
        return op.Result;
    }

    private static DecodeResult Unexpected(MessageType type, string expected) =>
        DecodeResult.Reject(RejectReason.UnexpectedMessageType, $"type \"{Encoding.UTF8.GetString(EnumText<MessageType>.NameOf(type))}\" is not accepted here (expected {expected})", type);

    /// <summary>The envelope fields, with the location of <c>data</c> in the payload.</summary>
    private struct Envelope
    {
        public MessageType Type;
        public SymbolId Symbol;
        public Instrument? Instrument;
        public long Timestamp;
        public Timeframe Timeframe;
        public long ReceiveTime;
        public int NodeId;
        public long SourceSequence;
        public int DataStart;
        public int DataLength;
    }

    private DecodeResult ReadEnvelope(ReadOnlySpan<byte> utf8, out Envelope env)
    {
        env = default;
        if (utf8.Length > MaxPayloadBytes)
            return DecodeResult.Reject(RejectReason.OversizedPayload, $"payload is {utf8.Length} bytes, the limit is {MaxPayloadBytes}");
        if (!Utf8.IsValid(utf8))
            return DecodeResult.Reject(RejectReason.InvalidUtf8, $"payload is not valid UTF-8 (first bad byte at offset {FirstInvalidUtf8(utf8)})");
        try
        {
            return ReadEnvelopeCore(utf8, ref env);
        }
        catch (JsonException e)
        {
            return DecodeResult.Reject(RejectReason.MalformedJson, $"not valid JSON: {e.Message}", env.Type);
        }
        catch (InvalidOperationException e)
        {
            return DecodeResult.Reject(RejectReason.MalformedJson, $"not valid JSON: {e.Message}", env.Type);
        }
    }

    private DecodeResult ReadEnvelopeCore(ReadOnlySpan<byte> utf8, ref Envelope env)
    {
        var reader = new Utf8JsonReader(utf8, s_readerOptions);
        if (!reader.Read())
            return DecodeResult.Reject(RejectReason.MalformedJson, "payload is empty");
        if (reader.TokenType != JsonTokenType.StartObject)
            return DecodeResult.Reject(RejectReason.MalformedJson, $"payload is {JsonText.Show(reader)}, expected a JSON object");

        Span<byte> symbol = stackalloc byte[MaxSymbolBytes];
        Span<byte> nameBuffer = stackalloc byte[32];
        Span<char> chars = stackalloc char[16];
        var symbolLength = -1;
        var version = -1;
        var hasType = false;
        var hasTimestamp = false;
        var hasData = false;
        RejectReason pending = RejectReason.None;
        string? pendingMessage = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = PropertyName(in reader, nameBuffer);
            reader.Read();
            var problem = RejectReason.None;
            string? message = null;
            if (name.SequenceEqual("schema_version"u8))
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out version))
                    (problem, message, version) = (RejectReason.WrongType, $"schema_version is {JsonText.Show(reader)}, expected an integer", 0);
            }
            else if (name.SequenceEqual("type"u8))
            {
                hasType = true;
                if (reader.TokenType != JsonTokenType.String)
                    (problem, message) = (RejectReason.WrongType, $"type is {JsonText.Show(reader)}, expected a string");
                else if (reader.ValueIsEscaped || !EnumText<MessageType>.TryParse(reader.ValueSpan, out env.Type) || env.Type == MessageType.None)
                    (problem, message) = (RejectReason.UnknownMessageType, $"type {JsonText.Show(reader)} is not in the message catalog");
            }
            else if (name.SequenceEqual("symbol"u8))
            {
                if (reader.TokenType != JsonTokenType.String)
                    (problem, message) = (RejectReason.WrongType, $"symbol is {JsonText.Show(reader)}, expected a string");
                else if (reader.ValueSpan.Length is 0 or > MaxSymbolBytes * 6
                         || (symbolLength = reader.ValueIsEscaped ? CopyUnescaped(in reader, symbol) : CopyRaw(in reader, symbol)) <= 0)
                    (problem, message, symbolLength) = (RejectReason.InvalidValue, $"symbol {JsonText.Show(reader)} must be 1..{MaxSymbolBytes} bytes", -1);
            }
            else if (name.SequenceEqual("timestamp"u8))
            {
                hasTimestamp = true;
                if (reader.TokenType != JsonTokenType.String)
                    (problem, message) = (RejectReason.WrongType, $"timestamp is {JsonText.Show(reader)}, expected an ISO 8601 UTC string");
                else if (reader.ValueIsEscaped || !Utf8Text.TryParseTimestamp(reader.ValueSpan, out env.Timestamp))
                    (problem, message) = (RejectReason.InvalidTimestamp, $"timestamp {JsonText.Show(reader)} is not ISO 8601 UTC like 2023-12-25T23:00:00.123456789Z");
            }
            else if (name.SequenceEqual("timeframe"u8))
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    var s = reader.ValueSpan;
                    if (s.Length > chars.Length || !TryAscii(s, chars, out var n) || !Types.Timeframe.TryParse(chars[..n], out env.Timeframe))
                        (problem, message) = (RejectReason.InvalidValue, $"timeframe {JsonText.Show(reader)} is not a timeframe like \"5m\"");
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    (problem, message) = (RejectReason.WrongType, $"timeframe is {JsonText.Show(reader)}, expected a string like \"5m\" or null");
                }
            }
            else if (name.SequenceEqual("data"u8))
            {
                hasData = true;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    (problem, message) = (RejectReason.WrongType, $"data is {JsonText.Show(reader)}, expected an object");
                    reader.Skip();
                }
                else
                {
                    env.DataStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    env.DataLength = (int)reader.BytesConsumed - env.DataStart;
                }
            }
            else if (name.SequenceEqual("metadata"u8))
            {
                (problem, message) = ReadMetadata(ref reader, ref env);
            }
            else
            {
                (problem, message) = (RejectReason.UnknownField, $"unknown field \"{Encoding.UTF8.GetString(name)}\" in the envelope");
                reader.Skip();
            }
            if (problem != RejectReason.None && pending == RejectReason.None)
                (pending, pendingMessage) = (problem, message);
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            return DecodeResult.Reject(RejectReason.MalformedJson, "envelope is not a complete object");
        if (reader.Read())
            return DecodeResult.Reject(RejectReason.MalformedJson, "content after the end of the message");

        // a newer producer is told so first, whatever else it changed
        if (version > 0 && version != JsonMessageEncoder.SchemaVersion)
            return DecodeResult.Reject(RejectReason.UnknownSchemaVersion, $"schema_version {version} is not supported (this build reads {JsonMessageEncoder.SchemaVersion})", env.Type);
        if (pending != RejectReason.None)
            return DecodeResult.Reject(pending, pendingMessage!, env.Type);
        if (version < 0)
            return Missing("schema_version", env.Type);
        if (version != JsonMessageEncoder.SchemaVersion)
            return DecodeResult.Reject(RejectReason.UnknownSchemaVersion, $"schema_version {version} is not supported (this build reads {JsonMessageEncoder.SchemaVersion})", env.Type);
        if (!hasType)
            return Missing("type", env.Type);
        if (symbolLength < 0)
            return Missing("symbol", env.Type);
        if (!hasTimestamp)
            return Missing("timestamp", env.Type);
        if (!hasData)
            return Missing("data", env.Type);
        return ResolveSymbol(symbol[..symbolLength], ref env);
    }

    private static DecodeResult Missing(string field, MessageType type) =>
        DecodeResult.Reject(RejectReason.MissingField, $"missing field \"{field}\" in the envelope", type);

    private static (RejectReason, string?) ReadMetadata(ref Utf8JsonReader reader, ref Envelope env)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return (RejectReason.None, null);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var shown = JsonText.Show(reader);
            reader.Skip();
            return (RejectReason.WrongType, $"metadata is {shown}, expected an object");
        }
        var problem = RejectReason.None;
        string? message = null;
        Span<byte> nameBuffer = stackalloc byte[32];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = PropertyName(in reader, nameBuffer);
            reader.Read();
            if (problem != RejectReason.None)
            {
                reader.Skip();
                continue;
            }
            if (name.SequenceEqual("receive_time"u8))
            {
                if (reader.TokenType == JsonTokenType.Null)
                    continue;
                if (reader.TokenType != JsonTokenType.String)
                    (problem, message) = (RejectReason.WrongType, $"metadata.receive_time is {JsonText.Show(reader)}, expected an ISO 8601 UTC string");
                else if (reader.ValueIsEscaped || !Utf8Text.TryParseTimestamp(reader.ValueSpan, out env.ReceiveTime))
                    (problem, message) = (RejectReason.InvalidTimestamp, $"metadata.receive_time {JsonText.Show(reader)} is not ISO 8601 UTC");
            }
            else if (name.SequenceEqual("source"u8))
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                    (problem, message) = (RejectReason.WrongType, $"metadata.source is {JsonText.Show(reader)}, expected a string");
            }
            else if (name.SequenceEqual("node_id"u8))
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out env.NodeId))
                    (problem, message) = (RejectReason.WrongType, $"metadata.node_id is {JsonText.Show(reader)}, expected an integer");
            }
            else if (name.SequenceEqual("source_sequence"u8))
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out env.SourceSequence))
                    (problem, message) = (RejectReason.WrongType, $"metadata.source_sequence is {JsonText.Show(reader)}, expected an integer");
            }
            else
            {
                // metadata is an open map: a producer may add its own keys (version, host, …); only the keys above have a meaning here
                reader.Skip();
            }
        }
        return (problem, message);
    }

    private DecodeResult ResolveSymbol(ReadOnlySpan<byte> utf8Symbol, ref Envelope env)
    {
        Span<char> chars = stackalloc char[MaxSymbolBytes];
        var n = Encoding.UTF8.GetChars(utf8Symbol, chars);
        var name = chars[..n];
        var known = Symbols.TryGet(name, out env.Symbol);
        if (Instruments is { } registry)
        {
            if (known && registry.TryGet(env.Symbol, out var instrument))
            {
                env.Instrument = instrument;
                return DecodeResult.Success(env.Type);
            }
            if (registry.UnknownSymbols == UnknownSymbolPolicy.Reject)
                return DecodeResult.Reject(RejectReason.UnknownSymbol, $"symbol \"{name}\" is not in the instrument registry", env.Type);
        }
        if (!known)
            env.Symbol = Symbols.GetOrAdd(new string(name));
        return DecodeResult.Success(env.Type);
    }

    private DecodeResult DecodeData<T>(ReadOnlySpan<byte> utf8, in Envelope env, ref T message) where T : struct, ICatalogMessage<T>
    {
        try
        {
            return DecodeDataCore(utf8.Slice(env.DataStart, env.DataLength), in env, ref message);
        }
        catch (JsonException e)
        {
            return DecodeResult.Reject(RejectReason.MalformedJson, $"data is not valid JSON: {e.Message}", env.Type);
        }
        catch (InvalidOperationException e)
        {
            return DecodeResult.Reject(RejectReason.MalformedJson, $"data is not valid JSON: {e.Message}", env.Type);
        }
    }

    private static DecodeResult DecodeDataCore<T>(ReadOnlySpan<byte> data, in Envelope env, ref T message) where T : struct, ICatalogMessage<T>
    {
        var m = new JsonFieldMatcher();
        if (env.Instrument is { } instrument)
        {
            m.PricePrecisionValue = instrument.PricePrecision;
            m.SizePrecisionValue = instrument.SizePrecision;
            m.InstrumentName = instrument.Symbol;
        }
        else
        {
            // no instrument: the precision is the most decimals any price (size) of the message was written with
            m.ScanPrecision = true;
            m.Reader = new Utf8JsonReader(data, s_readerOptions);
            m.Reader.Read();
            while (m.Reader.Read() && m.Reader.TokenType == JsonTokenType.PropertyName)
            {
                m.BeginProperty(in m.Reader);
                m.Reader.Read();
                T.Visit(ref message, ref m);
                if (m.Reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    m.Reader.Skip();
            }
            message = default;
            m.ScanPrecision = false;
        }

        m.Reader = new Utf8JsonReader(data, s_readerOptions);
        m.Reader.Read();
        while (m.Reader.Read() && m.Reader.TokenType == JsonTokenType.PropertyName)
        {
            m.BeginProperty(in m.Reader);
            m.Reader.Read();
            T.Visit(ref message, ref m);
            if (m.Error != RejectReason.None)
                return DecodeResult.Reject(m.Error, m.Message!, env.Type);
            if (!m.Matched)
                return UnknownDataField(m.Name, env.Type);
            if (m.Reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                return DecodeResult.Reject(RejectReason.WrongType, $"data.{Encoding.UTF8.GetString(m.Name)} is {JsonText.Show(m.Reader)}, expected a single value", env.Type);
        }

        var required = new RequiredFieldCheck { Seen = m.Seen };
        T.Visit(ref message, ref required);
        if (required.Missing is { } missing)
            return DecodeResult.Reject(RejectReason.MissingField, $"missing field \"data.{missing}\"", env.Type);

        var header = new HeaderWriter
        {
            Symbol = env.Symbol,
            EventTime = env.Timestamp,
            ReceiveTime = env.ReceiveTime,
            Timeframe = env.Timeframe,
            PricePrecision = m.PricePrecisionValue,
            SizePrecision = m.SizePrecisionValue,
        };
        T.Visit(ref message, ref header);

        var reason = T.Validate(in message, out var error);
        return reason == RejectReason.None ? DecodeResult.Success(env.Type) : DecodeResult.Reject(reason, error!, env.Type);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecodeResult UnknownDataField(ReadOnlySpan<byte> name, MessageType type) =>
        DecodeResult.Reject(RejectReason.UnknownField, $"unknown field \"data.{Encoding.UTF8.GetString(name)}\" for type {Encoding.UTF8.GetString(EnumText<MessageType>.NameOf(type))}", type);

    /// <summary>The property name as UTF-8; escaped names are unescaped into <paramref name="buffer"/> (too long → empty, i.e. unknown).</summary>
    private static ReadOnlySpan<byte> PropertyName(in Utf8JsonReader reader, Span<byte> buffer)
    {
        if (!reader.ValueIsEscaped)
            return reader.ValueSpan;
        if (reader.ValueSpan.Length > buffer.Length)
            return "\u0001too-long"u8;
        var n = reader.CopyString(buffer);
        return buffer[..n];
    }

    private static int CopyRaw(in Utf8JsonReader reader, Span<byte> destination)
    {
        var value = reader.ValueSpan;
        if (value.Length > destination.Length)
            return -1;
        value.CopyTo(destination);
        return value.Length;
    }

    private static int CopyUnescaped(in Utf8JsonReader reader, Span<byte> destination)
    {
        Span<byte> wide = stackalloc byte[MaxSymbolBytes * 6];
        var n = reader.CopyString(wide);
        if (n > destination.Length)
            return -1;
        wide[..n].CopyTo(destination);
        return n;
    }

    private static bool TryAscii(ReadOnlySpan<byte> s, Span<char> chars, out int n)
    {
        n = s.Length;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] > 0x7F)
                return false;
            chars[i] = (char)s[i];
        }
        return true;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < utf8.Length; i++)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[i..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
                return i;
            i += consumed - 1;
        }
        return utf8.Length;
    }

    private ref struct DecodeOp : IMessageOperation
    {
        private readonly JsonMessageDecoder _decoder;
        private readonly ReadOnlySpan<byte> _utf8;
        private readonly Envelope _env;
        public DecodeResult Result;

        public DecodeOp(JsonMessageDecoder decoder, ReadOnlySpan<byte> utf8, Envelope env)
        {
            _decoder = decoder;
            _utf8 = utf8;
            _env = env;
            Result = default;
        }

        public void Run<T>(ref T message) where T : struct, ICatalogMessage<T> =>
            Result = _decoder.DecodeData(_utf8, in _env, ref message);
    }
}
