using System.Buffers;
using System.Text;
using CsCheck;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

/// <summary>
/// Property tests: for random valid messages of every catalog type, JSON → struct and binary → struct give back
/// the very same bytes (precision, raw values, nanoseconds, flags, padding).
/// </summary>
public class CatalogRoundTripTests
{
    private const int Iterations = 2_000;

    public static TheoryData<MessageType> AllTypes => new(SchemaCatalog.Types);

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Json_round_trip_is_exact(MessageType type) => ForType(type, new JsonCheck());

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Binary_round_trip_is_exact(MessageType type) => ForType(type, new BinaryCheck());

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Json_round_trip_through_the_ring_slots_is_exact(MessageType type) => ForType(type, new SlotCheck());

    /// <summary>
    /// The hand-written encoder writes exactly the shape of the schema DTOs: strict deserialization (unknown
    /// members disallowed, required members enforced) accepts every encoded message, and the DTO's data
    /// properties are exactly the fields the message visits.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Encoded_json_has_the_schema_shape(MessageType type) => ForType(type, new ShapeCheck());

    private interface ICheck
    {
        void Run<T>(Gen<T> gen) where T : unmanaged, ICatalogMessage<T>;
    }

    private static void ForType<TCheck>(MessageType type, TCheck check) where TCheck : ICheck
    {
        switch (type)
        {
            case MessageType.Tick: check.Run(CatalogGen.Tick); break;
            case MessageType.Quote: check.Run(CatalogGen.Quote); break;
            case MessageType.Candle: check.Run(CatalogGen.Candle); break;
            case MessageType.Timer: check.Run(CatalogGen.Timer); break;
            case MessageType.Gap: check.Run(CatalogGen.Gap); break;
            case MessageType.SwingPoint: check.Run(CatalogGen.SwingPoint); break;
            case MessageType.FairValueGap: check.Run(CatalogGen.FairValueGap); break;
            case MessageType.OrderBlock: check.Run(CatalogGen.OrderBlock); break;
            case MessageType.LiquidityLevel: check.Run(CatalogGen.LiquidityLevel); break;
            case MessageType.BreakOfStructure: check.Run(CatalogGen.BreakOfStructure); break;
            case MessageType.VolumeProfile: check.Run(CatalogGen.VolumeProfile); break;
            case MessageType.DeltaVolume: check.Run(CatalogGen.DeltaVolume); break;
            case MessageType.Footprint: check.Run(CatalogGen.Footprint); break;
            case MessageType.CumulativeDelta: check.Run(CatalogGen.CumulativeDelta); break;
            case MessageType.MovingAverage: check.Run(CatalogGen.MovingAverage); break;
            case MessageType.Vwap: check.Run(CatalogGen.Vwap); break;
            case MessageType.Rsi: check.Run(CatalogGen.Rsi); break;
            case MessageType.Atr: check.Run(CatalogGen.Atr); break;
            case MessageType.NodeValue: check.Run(CatalogGen.NodeValue); break;
            case MessageType.TradeSignal: check.Run(CatalogGen.TradeSignal); break;
            case MessageType.PositionUpdate: check.Run(CatalogGen.PositionUpdate); break;
            case MessageType.RiskMetric: check.Run(CatalogGen.RiskMetric); break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, "no generator: add one to CatalogGen");
        }
    }

    private readonly struct JsonCheck : ICheck
    {
        public void Run<T>(Gen<T> gen) where T : unmanaged, ICatalogMessage<T>
        {
            var decoder = new JsonMessageDecoder(CatalogGen.Symbols);
            gen.Sample(m =>
            {
                var encoder = new JsonMessageEncoder(CatalogGen.Symbols, source: "test"); // CsCheck samples on several threads
                var json = encoder.EncodeToArray(m);
                var r = decoder.Decode<T>(json, out var back);
                Assert.True(r.IsSuccess, $"{r}\n{Encoding.UTF8.GetString(json)}");
                Assert.True(CatalogGen.SameBytes(m, back),
                    $"{Encoding.UTF8.GetString(json)}\nsent {CatalogGen.Hex(m)}\ngot  {CatalogGen.Hex(back)}");
                // and the text is stable: encoding the decoded message gives the same bytes
                Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(encoder.EncodeToArray(back)));
            }, iter: Iterations);
        }
    }

    private readonly struct ShapeCheck : ICheck
    {
        public void Run<T>(Gen<T> gen) where T : unmanaged, ICatalogMessage<T>
        {
            var typeInfo = SchemaCatalog.TypeInfo(T.Type);
            gen.Sample(m =>
            {
                var encoder = new JsonMessageEncoder(CatalogGen.Symbols, source: "test");
                var json = encoder.EncodeToArray(m);
                try
                {
                    Assert.NotNull(System.Text.Json.JsonSerializer.Deserialize(json, typeInfo));
                }
                catch (System.Text.Json.JsonException e)
                {
                    Assert.Fail($"{e.Message}\n{Encoding.UTF8.GetString(json)}");
                }
            }, iter: Iterations / 4);
            var dataType = typeInfo.Properties.Single(p => p.Name == "data").PropertyType;
            var dtoNames = TradingEngine.Types.Schema.WireJsonContext.Default.GetTypeInfo(dataType)!.Properties.Select(p => p.Name).Order();
            var names = new FieldNames();
            var sample = default(T);
            T.Visit(ref sample, ref names);
            Assert.Equal(names.Names.Order(), dtoNames);
        }
    }

    private readonly struct BinaryCheck : ICheck
    {
        public void Run<T>(Gen<T> gen) where T : unmanaged, ICatalogMessage<T>
        {
            gen.Sample(m =>
            {
                var buffer = new byte[BinaryMessageCodec.MaxFrameSize];
                var n = BinaryMessageCodec.Encode(m, buffer);
                Assert.Equal(BinaryMessageCodec.FrameSize<T>(), n);
                var r = BinaryMessageCodec.Decode<T>(buffer.AsSpan(0, n), out var back, out var consumed);
                Assert.True(r.IsSuccess, r.ToString());
                Assert.Equal(n, consumed);
                Assert.True(CatalogGen.SameBytes(m, back), $"sent {CatalogGen.Hex(m)}\ngot  {CatalogGen.Hex(back)}");
            }, iter: Iterations);
        }
    }

    /// <summary>Through <see cref="MarketEvent"/> or <see cref="OutputMessage"/>, in binary and JSON, with sequence and node id.</summary>
    private readonly struct SlotCheck : ICheck
    {
        public void Run<T>(Gen<T> gen) where T : unmanaged, ICatalogMessage<T>
        {
            var decoder = new JsonMessageDecoder(CatalogGen.Symbols);
            var isOutput = OutputMessage.CanCarry(T.Type);
            var isInput = (int)T.Type is >= 1 and <= 5;
            Gen.Select(gen, Gen.Int, Gen.Long[1, long.MaxValue], (m, n, s) => (m, n, s)).Sample((m, node, sequence) =>
            {
                var encoder = new JsonMessageEncoder(CatalogGen.Symbols);
                var json = new ArrayBufferWriter<byte>();
                var frame = new byte[BinaryMessageCodec.MaxFrameSize];
                if (isOutput)
                {
                    var slot = OutputMessage.From(m, node, sequence);
                    json.ResetWrittenCount();
                    encoder.Encode(slot, json);
                    var r = decoder.Decode(json.WrittenSpan, out OutputMessage back);
                    Assert.True(r.IsSuccess, $"{r}\n{Encoding.UTF8.GetString(json.WrittenSpan)}");
                    Assert.True(CatalogGen.SameBytes(slot, back), Encoding.UTF8.GetString(json.WrittenSpan));
                    var n = BinaryMessageCodec.Encode(slot, frame);
                    r = BinaryMessageCodec.Decode(frame.AsSpan(0, n), out OutputMessage fromBinary, out var consumed);
                    Assert.True(r.IsSuccess, r.ToString());
                    Assert.Equal(n, consumed);
                    Assert.True(CatalogGen.SameBytes(slot, fromBinary));
                }
                if (isInput)
                {
                    var slot = new MarketEvent { Kind = (MarketEventKind)T.Type, SourceSequence = sequence };
                    System.Runtime.CompilerServices.Unsafe.As<Tick, T>(ref slot.Tick) = m;
                    slot.Symbol = slot.Tick.Symbol; // every payload starts with its symbol
                    json.ResetWrittenCount();
                    encoder.Encode(slot, json);
                    var r = decoder.Decode(json.WrittenSpan, out MarketEvent back);
                    Assert.True(r.IsSuccess, $"{r}\n{Encoding.UTF8.GetString(json.WrittenSpan)}");
                    Assert.True(CatalogGen.SameBytes(slot, back), Encoding.UTF8.GetString(json.WrittenSpan));
                    var n = BinaryMessageCodec.Encode(slot, frame);
                    r = BinaryMessageCodec.Decode(frame.AsSpan(0, n), out MarketEvent fromBinary, out var consumed);
                    Assert.True(r.IsSuccess, r.ToString());
                    Assert.Equal(n, consumed);
                    Assert.True(CatalogGen.SameBytes(slot, fromBinary));
                }
            }, iter: Iterations / 4);
        }
    }
}

/// <summary>Collects the JSON names of a message's data fields.</summary>
internal struct FieldNames : IFieldVisitor
{
    public FieldNames() { }

    public List<string> Names { get; } = [];

    private readonly void Add(ReadOnlySpan<byte> name) => Names.Add(Encoding.UTF8.GetString(name));

    public void Symbol(ref SymbolId symbol) { }
    public void EventTime(ref long nanos) { }
    public void Timeframe(ref Timeframe timeframe) { }
    public void ReceiveTime(ref long nanos) { }
    public void PricePrecision(ref byte precision) { }
    public void SizePrecision(ref byte precision) { }
    public void Time(ReadOnlySpan<byte> name, ref long nanos, ref bool present, bool optional) => Add(name);
    public void Price(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) => Add(name);
    public void Size(ReadOnlySpan<byte> name, ref long raw, ref bool present, bool optional, FieldRule rule) => Add(name);
    public void Double(ReadOnlySpan<byte> name, ref double value, FieldRule rule) => Add(name);
    public void Int32(ReadOnlySpan<byte> name, ref int value, FieldRule rule) => Add(name);
    public void Int64(ReadOnlySpan<byte> name, ref long value, FieldRule rule) => Add(name);
    public void UInt16(ReadOnlySpan<byte> name, ref ushort value, ref bool present, bool optional) => Add(name);
    public void UInt32(ReadOnlySpan<byte> name, ref uint value, ref bool present, bool optional) => Add(name);
    public void Bool(ReadOnlySpan<byte> name, ref bool value, bool optional) => Add(name);
    public void Enum<TEnum>(ReadOnlySpan<byte> name, ref TEnum value, bool optional) where TEnum : unmanaged, System.Enum => Add(name);
    public void Venue(ReadOnlySpan<byte> name, ref ushort value) => Add(name);
    public void NodeIds(ReadOnlySpan<byte> name, ref NodeIdList ids) => Add(name);
    public void TriggerValues(ReadOnlySpan<byte> name, ref TriggerValues values) => Add(name);
}
