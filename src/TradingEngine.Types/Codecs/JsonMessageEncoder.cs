using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TradingEngine.Types;

/// <summary>
/// Writes catalog messages in the external JSON contract (schema version 1):
/// <code>{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-25T23:00:00.123456789Z","timeframe":null,
///  "data":{"price":4760.25,"size":3},"metadata":{"receive_time":"…","source":"cme"}}</code>
/// Prices and sizes are written as exact decimal numbers from their fixed-point raw value (never through a double),
/// with the message's precision. One encoder reuses one <see cref="Utf8JsonWriter"/> and caches symbol names, so
/// the steady state allocates nothing. Not thread-safe: one per publishing thread.
/// </summary>
public sealed class JsonMessageEncoder
{
    public const int SchemaVersion = 1;

    // relaxed escaping: this JSON goes to NATS consumers, not into HTML, so '+', '&' and non-ASCII stay as they are
    private static readonly JsonWriterOptions s_options = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SymbolRegistry _symbols;
    private readonly Utf8JsonWriter _writer;
    private readonly JsonEncodedText? _source;
    private JsonEncodedText[] _symbolNames = [];

    /// <param name="symbols">names of the symbol ids in the messages.</param>
    /// <param name="source">written as <c>metadata.source</c> when given (e.g. the process or venue name).</param>
    public JsonMessageEncoder(SymbolRegistry symbols, string? source = null)
    {
        _symbols = symbols;
        _source = source is null ? null : JsonEncodedText.Encode(source, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        _writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>(1), s_options);
    }

    /// <summary>Appends the JSON of <paramref name="message"/> to <paramref name="output"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">a double field is NaN or infinite (JSON cannot carry it).</exception>
    public int Encode<T>(in T message, IBufferWriter<byte> output) where T : struct, ICatalogMessage<T> =>
        Write(message, output, hasNode: false, 0, 0, -1);

    /// <summary>Writes an input-ring slot; a non-zero source sequence goes to <c>metadata.source_sequence</c>.</summary>
    public int Encode(in MarketEvent e, IBufferWriter<byte> output)
    {
        var copy = e;
        var op = new Op(this, output, false, 0, e.SourceSequence, -1);
        if (!MessageDispatch.Run(ref copy, (MessageType)e.Kind, ref op))
            throw new ArgumentException($"market event kind {e.Kind} has no JSON form", nameof(e));
        return op.Written;
    }

    /// <summary>Writes an output-ring slot; the node id goes to <c>metadata.node_id</c>.</summary>
    public int Encode(in OutputMessage m, IBufferWriter<byte> output) => Encode(in m, output, -1);

    /// <summary>
    /// Writes an output-ring slot with its index among its source event's outputs (<c>metadata.output_index</c>, written
    /// with a non-zero source sequence when <paramref name="outputIndex"/> ≥ 0): with <c>metadata.source_sequence</c> and
    /// the symbol, the output's stable id.
    /// </summary>
    public int Encode(in OutputMessage m, IBufferWriter<byte> output, int outputIndex)
    {
        var copy = m;
        var op = new Op(this, output, true, m.NodeId, m.SourceSequence, outputIndex);
        if (!MessageDispatch.Run(ref copy, m.Kind, ref op))
            throw new ArgumentException($"output kind {m.Kind} has no JSON form", nameof(m));
        return op.Written;
    }

    /// <summary>Convenience for tests and tools: the JSON as a new byte array (allocates).</summary>
    public byte[] EncodeToArray<T>(in T message) where T : struct, ICatalogMessage<T>
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Encode(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private int Write<T>(in T message, IBufferWriter<byte> output, bool hasNode, int nodeId, long sourceSequence, int outputIndex)
        where T : struct, ICatalogMessage<T>
    {
        var m = message;
        var header = new HeaderReader();
        T.Visit(ref m, ref header);
        var w = _writer;
        w.Reset(output);
        w.WriteStartObject();
        w.WriteNumber("schema_version"u8, SchemaVersion);
        w.WriteString("type"u8, EnumText<MessageType>.NameOf(T.Type));
        w.WriteString("symbol"u8, SymbolName(header.Symbol));
        Span<byte> buffer = stackalloc byte[Utf8Text.MaxTimestampLength];
        var n = Utf8Text.FormatTimestamp(header.EventTime, buffer);
        w.WriteString("timestamp"u8, buffer[..n]);
        if (header.HasTimeframe && !header.Timeframe.IsNone)
        {
            n = FormatTimeframe(header.Timeframe.Seconds, buffer);
            w.WriteString("timeframe"u8, buffer[..n]);
        }
        else
        {
            w.WriteNull("timeframe"u8);
        }
        w.WriteStartObject("data"u8);
        var data = new JsonWriteVisitor(w, header.PricePrecision, header.SizePrecision);
        T.Visit(ref m, ref data);
        w.WriteEndObject();
        if (header.ReceiveTime != 0 || _source is not null || hasNode || sourceSequence != 0)
        {
            w.WriteStartObject("metadata"u8);
            if (header.ReceiveTime != 0)
            {
                n = Utf8Text.FormatTimestamp(header.ReceiveTime, buffer);
                w.WriteString("receive_time"u8, buffer[..n]);
            }
            if (_source is { } source)
                w.WriteString("source"u8, source);
            if (hasNode)
                w.WriteNumber("node_id"u8, nodeId);
            if (sourceSequence != 0)
            {
                w.WriteNumber("source_sequence"u8, sourceSequence);
                if (outputIndex >= 0)
                    w.WriteNumber("output_index"u8, outputIndex);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.Flush();
        return (int)w.BytesCommitted;
    }

    private JsonEncodedText SymbolName(SymbolId id)
    {
        var names = _symbolNames;
        if ((uint)id.Value < (uint)names.Length && names[id.Value].EncodedUtf8Bytes.Length != 0)
            return names[id.Value];
        return AddSymbolName(id);
    }

    private JsonEncodedText AddSymbolName(SymbolId id)
    {
        if (id.Value >= _symbolNames.Length)
            Array.Resize(ref _symbolNames, Math.Max(id.Value + 1, _symbolNames.Length * 2));
        return _symbolNames[id.Value] = JsonEncodedText.Encode(_symbols.NameOf(id), JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    }

    /// <summary>"5m", "4h", "1d", "90m", "30s": the largest whole unit, like <see cref="Timeframe.ToString"/>.</summary>
    internal static int FormatTimeframe(int seconds, Span<byte> d)
    {
        (int count, byte unit) = seconds % 604_800 == 0 ? (seconds / 604_800, (byte)'w')
            : seconds % 86_400 == 0 ? (seconds / 86_400, (byte)'d')
            : seconds % 3600 == 0 ? (seconds / 3600, (byte)'h')
            : seconds % 60 == 0 ? (seconds / 60, (byte)'m')
            : (seconds, (byte)'s');
        count.TryFormat(d, out var w, provider: System.Globalization.CultureInfo.InvariantCulture);
        d[w++] = unit;
        return w;
    }

    private ref struct Op : IMessageOperation
    {
        private readonly JsonMessageEncoder _encoder;
        private readonly IBufferWriter<byte> _output;
        private readonly bool _hasNode;
        private readonly int _nodeId;
        private readonly long _sequence;
        private readonly int _outputIndex;
        public int Written;

        public Op(JsonMessageEncoder encoder, IBufferWriter<byte> output, bool hasNode, int nodeId, long sequence, int outputIndex)
        {
            _outputIndex = outputIndex;
            _encoder = encoder;
            _output = output;
            _hasNode = hasNode;
            _nodeId = nodeId;
            _sequence = sequence;
            Written = 0;
        }

        public void Run<T>(ref T message) where T : struct, ICatalogMessage<T> =>
            Written = _encoder.Write(message, _output, _hasNode, _nodeId, _sequence, _outputIndex);
    }
}
