using System.Buffers.Binary;

namespace TradingEngine.Types;

/// <summary>
/// The internal binary form of catalog messages (internal NATS subjects, journal frames), little-endian and
/// allocation-free: encode into and decode from spans.
/// <para>Frame = 8-byte header + body. Header: [0] <see cref="Magic"/> 0xE7, [1] <see cref="Version"/> 4,
/// [2] <see cref="MessageType"/>, [3] <see cref="BinaryEnvelope"/> (bare message, input-ring slot, output-ring slot),
/// [4..8) body length (u32 LE). Body: for a <see cref="BinaryEnvelope.MarketEvent"/> the source sequence (i64);
/// for an <see cref="BinaryEnvelope.OutputMessage"/> the node id (i32), the output index (i32, −1: not numbered) then
/// the source sequence (i64); then the
/// message's fields in <see cref="ICatalogMessage{TSelf}.Visit{TVisitor}"/> order at fixed widths (symbol id i32,
/// times i64 ns, timeframe i32 seconds, precisions u8, prices and sizes i64 raw, doubles IEEE 754 bits, enums u8,
/// bools u8, venue u16, node id lists u8 count + 4 × u16, trigger values u8 count + u8 validity bits + 4 × f64).
/// Absent optional fields are 0.</para>
/// <para>Symbols travel as ids: both ends must share the <see cref="SymbolRegistry"/> configuration (the journal
/// stores its symbol table). A Tick frame is 8 + 63 bytes.</para>
/// </summary>
public static class BinaryMessageCodec
{
    public const byte Magic = 0xE7;
    /// <summary>
    /// 2 since <see cref="Candle"/> gained <c>end_of_data</c> (one more bool, so a candle body is one byte longer); 3
    /// since <see cref="TradeSignal"/> carries its <see cref="TradeSignal.TriggerValues"/> (36 more bytes); 4 since an
    /// output frame carries its output index (4 more bytes: the producer's id of the output, which <c>te publish</c>
    /// writes as <c>metadata.output_index</c> instead of numbering what it receives, issue 25). A frame of an
    /// older version is refused as <see cref="RejectReason.UnknownSchemaVersion"/> with both versions named, never
    /// misread. Frames live only on internal subjects (the journal has its own encoding), so producers and consumers
    /// of one deployment upgrade together.
    /// </summary>
    public const byte Version = 4;
    public const int HeaderSize = 8;

    /// <summary>Bytes of the largest frame any catalog message encodes to (envelope included).</summary>
    public const int MaxFrameSize = 256;

    /// <summary>Body size of <typeparamref name="T"/> without header or envelope fields.</summary>
    public static int BodySize<T>() where T : struct, ICatalogMessage<T> => BinaryLayout<T>.BodySize;

    /// <summary>Frame size of a bare <typeparamref name="T"/>.</summary>
    public static int FrameSize<T>() where T : struct, ICatalogMessage<T> => HeaderSize + BinaryLayout<T>.BodySize;

    /// <summary>Encodes one message as a bare frame; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">the destination is shorter than <see cref="FrameSize{T}"/>.</exception>
    public static int Encode<T>(in T message, Span<byte> destination) where T : struct, ICatalogMessage<T>
    {
        var body = BinaryLayout<T>.BodySize;
        CheckRoom(destination, HeaderSize + body);
        WriteHeader(destination, T.Type, BinaryEnvelope.Message, body);
        var v = new BinaryWriteVisitor(destination, HeaderSize);
        var copy = message;
        T.Visit(ref copy, ref v);
        return v.Position;
    }

    /// <summary>Decodes a bare frame of <typeparamref name="T"/>; <paramref name="consumed"/> is the frame length.</summary>
    public static DecodeResult Decode<T>(ReadOnlySpan<byte> source, out T message, out int consumed) where T : struct, ICatalogMessage<T>
    {
        message = default;
        consumed = 0;
        var r = ReadHeader(source, out var type, out var envelope, out var length);
        if (!r.IsSuccess)
            return r;
        if (type != T.Type || envelope != BinaryEnvelope.Message)
            return DecodeResult.Reject(RejectReason.UnexpectedMessageType, $"frame holds {type} ({envelope}), expected a bare {T.Type}", type);
        if (length != BinaryLayout<T>.BodySize)
            return BadLength(type, length, BinaryLayout<T>.BodySize);
        var v = new BinaryReadVisitor(source, HeaderSize);
        T.Visit(ref message, ref v);
        if (v.Error is not null)
            return DecodeResult.Reject(RejectReason.MalformedBinary, $"{type}: {v.Error}", type);
        consumed = v.Position;
        return DecodeResult.Success(type);
    }

    /// <summary>Encodes an input-ring slot (kind, source sequence, payload).</summary>
    public static int Encode(in MarketEvent e, Span<byte> destination)
    {
        var copy = e;
        var op = new EncodeOp(destination, BinaryEnvelope.MarketEvent, 0, e.SourceSequence);
        if (!MessageDispatch.Run(ref copy, (MessageType)e.Kind, ref op))
            throw new ArgumentException($"market event kind {e.Kind} has no binary form", nameof(e));
        return op.Written;
    }

    public static DecodeResult Decode(ReadOnlySpan<byte> source, out MarketEvent e, out int consumed)
    {
        e = default;
        consumed = 0;
        var r = ReadHeader(source, out var type, out var envelope, out var length);
        if (!r.IsSuccess)
            return r;
        if (envelope != BinaryEnvelope.MarketEvent || !MessageDispatch.IsMarketEvent(type))
            return DecodeResult.Reject(RejectReason.UnexpectedMessageType, $"frame holds {type} ({envelope}), expected a market event", type);
        var op = new DecodeOp(source, length, envelope);
        MessageDispatch.Run(ref e, type, ref op);
        if (!op.Result.IsSuccess)
            return op.Result;
        e.Kind = (MarketEventKind)type;
        e.SourceSequence = op.SourceSequence;
        e.Symbol = op.Symbol;
        consumed = op.Consumed;
        return op.Result;
    }

    /// <summary>Encodes an output-ring slot (kind, node id, output index −1: not numbered, source sequence, payload).</summary>
    public static int Encode(in OutputMessage m, Span<byte> destination) => Encode(in m, -1, destination);

    /// <summary>
    /// Encodes an output-ring slot with its index among its source event's outputs (<c>OutputIndexer</c>, the
    /// producer's numbering): with the source sequence, the output's id, which every consumer of the frame keeps.
    /// </summary>
    public static int Encode(in OutputMessage m, int outputIndex, Span<byte> destination)
    {
        var copy = m;
        var op = new EncodeOp(destination, BinaryEnvelope.OutputMessage, m.NodeId, m.SourceSequence, outputIndex);
        if (!MessageDispatch.Run(ref copy, m.Kind, ref op))
            throw new ArgumentException($"output kind {m.Kind} has no binary form", nameof(m));
        return op.Written;
    }

    public static DecodeResult Decode(ReadOnlySpan<byte> source, out OutputMessage m, out int consumed) =>
        Decode(source, out m, out _, out consumed);

    /// <summary>Decodes an output frame and the output index its producer gave it (−1: not numbered).</summary>
    public static DecodeResult Decode(ReadOnlySpan<byte> source, out OutputMessage m, out int outputIndex, out int consumed)
    {
        m = default;
        outputIndex = -1;
        consumed = 0;
        var r = ReadHeader(source, out var type, out var envelope, out var length);
        if (!r.IsSuccess)
            return r;
        if (envelope != BinaryEnvelope.OutputMessage || !OutputMessage.CanCarry(type))
            return DecodeResult.Reject(RejectReason.UnexpectedMessageType, $"frame holds {type} ({envelope}), expected an output message", type);
        var op = new DecodeOp(source, length, envelope);
        MessageDispatch.Run(ref m, type, ref op);
        if (!op.Result.IsSuccess)
            return op.Result;
        m.Kind = type;
        m.NodeId = op.NodeId;
        m.SourceSequence = op.SourceSequence;
        outputIndex = op.OutputIndex;
        consumed = op.Consumed;
        return op.Result;
    }

    /// <summary>Reads and checks the header: magic, version, known type, and that the body is all there.</summary>
    public static DecodeResult ReadHeader(ReadOnlySpan<byte> source, out MessageType type, out BinaryEnvelope envelope, out int bodyLength)
    {
        type = MessageType.None;
        envelope = BinaryEnvelope.Message;
        bodyLength = 0;
        if (source.Length < HeaderSize)
            return DecodeResult.Reject(RejectReason.Truncated, $"{source.Length} bytes, a frame header needs {HeaderSize}");
        if (source[0] != Magic)
            return DecodeResult.Reject(RejectReason.MalformedBinary, $"magic byte 0x{source[0]:X2}, expected 0x{Magic:X2}");
        if (source[1] != Version)
            return DecodeResult.Reject(RejectReason.UnknownSchemaVersion, $"binary version {source[1]}, this build reads {Version}");
        type = (MessageType)source[2];
        envelope = (BinaryEnvelope)source[3];
        if (!EnumText<MessageType>.IsDefined(type) || type == MessageType.None)
            return DecodeResult.Reject(RejectReason.UnknownMessageType, $"message type byte {source[2]}");
        if (envelope > BinaryEnvelope.OutputMessage)
            return DecodeResult.Reject(RejectReason.MalformedBinary, $"envelope byte {source[3]}", type);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        if (length > MaxFrameSize)
            return DecodeResult.Reject(RejectReason.OversizedPayload, $"body length {length} is above {MaxFrameSize}", type);
        bodyLength = (int)length;
        if (source.Length < HeaderSize + bodyLength)
            return DecodeResult.Reject(RejectReason.Truncated, $"{type} frame needs {HeaderSize + bodyLength} bytes, {source.Length} left", type);
        return DecodeResult.Success(type);
    }

    private static int EnvelopeSize(BinaryEnvelope e) => e switch
    {
        BinaryEnvelope.MarketEvent => 8,
        BinaryEnvelope.OutputMessage => 16,
        _ => 0,
    };

    private static void WriteHeader(Span<byte> d, MessageType type, BinaryEnvelope envelope, int bodyLength)
    {
        d[0] = Magic;
        d[1] = Version;
        d[2] = (byte)type;
        d[3] = (byte)envelope;
        BinaryPrimitives.WriteUInt32LittleEndian(d[4..], (uint)bodyLength);
    }

    private static void CheckRoom(Span<byte> destination, int needed)
    {
        if (destination.Length < needed)
            ThrowTooSmall(destination.Length, needed);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowTooSmall(int length, int needed) =>
        throw new ArgumentException($"destination has {length} bytes, the frame needs {needed}", "destination");

    private static DecodeResult BadLength(MessageType type, int length, int expected) =>
        DecodeResult.Reject(RejectReason.MalformedBinary, $"{type} body is {length} bytes, expected {expected}", type);

    private ref struct EncodeOp : IMessageOperation
    {
        private readonly Span<byte> _d;
        private readonly BinaryEnvelope _envelope;
        private readonly int _nodeId;
        private readonly long _sequence;
        private readonly int _outputIndex;
        public int Written;

        public EncodeOp(Span<byte> d, BinaryEnvelope envelope, int nodeId, long sequence, int outputIndex = -1)
        {
            _d = d;
            _envelope = envelope;
            _nodeId = nodeId;
            _sequence = sequence;
            _outputIndex = outputIndex;
            Written = 0;
        }

        public void Run<T>(ref T message) where T : struct, ICatalogMessage<T>
        {
            var extra = EnvelopeSize(_envelope);
            var body = extra + BinaryLayout<T>.BodySize;
            CheckRoom(_d, HeaderSize + body);
            WriteHeader(_d, T.Type, _envelope, body);
            var p = HeaderSize;
            if (_envelope == BinaryEnvelope.OutputMessage)
            {
                BinaryPrimitives.WriteInt32LittleEndian(_d[p..], _nodeId);
                BinaryPrimitives.WriteInt32LittleEndian(_d[(p + 4)..], _outputIndex);
                p += 8;
            }
            BinaryPrimitives.WriteInt64LittleEndian(_d[p..], _sequence);
            p += 8;
            var v = new BinaryWriteVisitor(_d, p);
            T.Visit(ref message, ref v);
            Written = v.Position;
        }
    }

    private ref struct DecodeOp : IMessageOperation
    {
        private readonly ReadOnlySpan<byte> _s;
        private readonly int _length;
        private readonly BinaryEnvelope _envelope;
        public DecodeResult Result;
        public int NodeId;
        public int OutputIndex;
        public long SourceSequence;
        public SymbolId Symbol;
        public int Consumed;

        public DecodeOp(ReadOnlySpan<byte> s, int length, BinaryEnvelope envelope)
        {
            _s = s;
            _length = length;
            _envelope = envelope;
            OutputIndex = -1;
        }

        public void Run<T>(ref T message) where T : struct, ICatalogMessage<T>
        {
            var extra = EnvelopeSize(_envelope);
            if (_length != extra + BinaryLayout<T>.BodySize)
            {
                Result = BadLength(T.Type, _length, extra + BinaryLayout<T>.BodySize);
                return;
            }
            var p = HeaderSize;
            if (_envelope == BinaryEnvelope.OutputMessage)
            {
                NodeId = BinaryPrimitives.ReadInt32LittleEndian(_s[p..]);
                OutputIndex = BinaryPrimitives.ReadInt32LittleEndian(_s[(p + 4)..]);
                p += 8;
            }
            SourceSequence = BinaryPrimitives.ReadInt64LittleEndian(_s[p..]);
            p += 8;
            var v = new BinaryReadVisitor(_s, p);
            T.Visit(ref message, ref v);
            if (v.Error is not null)
            {
                Result = DecodeResult.Reject(RejectReason.MalformedBinary, $"{T.Type}: {v.Error}", T.Type);
                return;
            }
            var h = new HeaderReader();
            T.Visit(ref message, ref h);
            Symbol = h.Symbol;
            Consumed = v.Position;
            Result = DecodeResult.Success(T.Type);
        }
    }
}
