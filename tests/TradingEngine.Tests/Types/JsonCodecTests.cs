using System.Buffers;
using System.Text;
using CsCheck;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

public class JsonCodecTests
{
    private static (SymbolRegistry Symbols, Tick Tick) EsTick()
    {
        var symbols = new SymbolRegistry();
        var es = symbols.GetOrAdd("ES");
        var t = Tick.Create(es, 1_703_545_200_123_456_789L, Price.Parse("4760.25"), Quantity.Parse("3"), 1_703_545_200_124_001_000L);
        t.SetQuote(Price.Parse("4760.00"), Price.Parse("4760.25"));
        t.Side = AggressorSide.Buy;
        t.Venue = 'X';
        return (symbols, t);
    }

    [Fact]
    public void A_tick_is_written_as_the_contract_says()
    {
        var (symbols, tick) = EsTick();
        var json = Encoding.UTF8.GetString(new JsonMessageEncoder(symbols, source: "cme").EncodeToArray(tick));
        Assert.Equal(
            """{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-25T23:00:00.123456789Z","timeframe":null,"data":{"price":4760.25,"size":3,"bid":4760.00,"ask":4760.25,"aggressor":"buy","venue":"X"},"metadata":{"receive_time":"2023-12-25T23:00:00.124001Z","source":"cme"}}""",
            json);
    }

    [Fact]
    public void Output_messages_carry_their_node_id_in_metadata()
    {
        var symbols = new SymbolRegistry();
        var ema = new MovingAverage { Symbol = symbols.GetOrAdd("NQ"), Timeframe = Timeframe.FiveMinutes, EventTime = 0, Kind = MovingAverageKind.Ema, Period = 21, Value = 16_850.123456789 };
        var buffer = new ArrayBufferWriter<byte>();
        new JsonMessageEncoder(symbols).Encode(OutputMessage.From(ema, nodeId: 4), buffer);
        Assert.Equal(
            """{"schema_version":1,"type":"moving_average","symbol":"NQ","timestamp":"1970-01-01T00:00:00Z","timeframe":"5m","data":{"kind":"ema","period":21,"value":16850.123456789},"metadata":{"node_id":4}}""",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Non_finite_statistics_are_refused_by_the_encoder()
    {
        var symbols = new SymbolRegistry();
        var rsi = new Rsi { Symbol = symbols.GetOrAdd("ES"), Period = 14, Value = double.NaN };
        var e = Assert.Throws<ArgumentException>(() => new JsonMessageEncoder(symbols).EncodeToArray(rsi));
        Assert.Contains("data.value is NaN", e.Message);
    }

    [Fact]
    public void Decoding_a_tick_with_producer_metadata_keys_allocates_nothing()
    {
        var symbols = new SymbolRegistry();
        symbols.GetOrAdd("ES");
        var decoder = new JsonMessageDecoder(symbols);
        var json = Encoding.UTF8.GetBytes(
            """{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-25T23:00:00.123456789Z","data":{"price":4760.25,"size":3},"metadata":{"source":"feed-a","version":"2.1.0","tags":["a",{"b":1}]}}""");
        for (var i = 0; i < 200; i++)
            Assert.True(decoder.Decode(json, out MarketEvent _).IsSuccess);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
            decoder.Decode(json, out MarketEvent _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Encode_and_decode_allocate_nothing_in_steady_state()
    {
        var (symbols, tick) = EsTick();
        var encoder = new JsonMessageEncoder(symbols, source: "cme");
        var registry = InstrumentRegistry.Parse(InstrumentRegistryTests.MinimalYaml, "test.yaml", symbols);
        var plain = new JsonMessageDecoder(symbols);
        var withRegistry = new JsonMessageDecoder(symbols, registry);
        var buffer = new ArrayBufferWriter<byte>(1024);
        for (var i = 0; i < 200; i++)
            Roundtrip();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
            Roundtrip();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Roundtrip()
        {
            buffer.ResetWrittenCount();
            encoder.Encode(tick, buffer);
            Assert.True(plain.Decode(buffer.WrittenSpan, out Tick a).IsSuccess);
            Assert.True(withRegistry.Decode(buffer.WrittenSpan, out MarketEvent b).IsSuccess);
        }
    }

    [Fact]
    public void Fields_may_come_in_any_order_and_data_before_type()
    {
        var (symbols, _) = EsTick();
        var json = """{"data":{"size":1,"price":4760.5},"metadata":{"source":"x"},"timestamp":"2023-12-25T17:00:00-06:00","symbol":"ES","type":"tick","schema_version":1}""";
        var r = new JsonMessageDecoder(symbols).Decode(Encoding.UTF8.GetBytes(json), out Tick t);
        Assert.True(r.IsSuccess, r.ToString());
        Assert.Equal((47605L, (byte)1), (t.PriceRaw, t.PricePrecision));
        Assert.Equal(1_703_545_200_000_000_000L, t.EventTime); // the offset is applied
    }

    [Fact]
    public void Without_a_registry_the_precision_is_the_most_decimals_written()
    {
        var (symbols, _) = EsTick();
        var json = """{"schema_version":1,"type":"tick","symbol":"6E","timestamp":"2023-12-25T23:00:00Z","data":{"price":1.1,"size":2,"bid":1.10785,"ask":1.1079}}""";
        Assert.True(new JsonMessageDecoder(symbols).Decode(Encoding.UTF8.GetBytes(json), out Tick t).IsSuccess);
        Assert.Equal((110000L, 110785L, 110790L, (byte)5), (t.PriceRaw, t.BidRaw, t.AskRaw, t.PricePrecision));
    }

    [Fact]
    public void Timestamps_format_like_UtcNanos_and_parse_back_exactly()
    {
        Gen.Long.Sample(nanos =>
        {
            Span<byte> buffer = stackalloc byte[40];
            var n = Utf8Text.FormatTimestamp(nanos, buffer);
            var text = Encoding.ASCII.GetString(buffer[..n]);
            Assert.Equal(UtcNanos.ToIso8601(nanos), text);
            Assert.True(Utf8Text.TryParseTimestamp(buffer[..n], out var back));
            Assert.Equal(nanos, back);
        }, iter: 20_000);
    }

    [Fact]
    public void The_fast_decimal_path_agrees_with_FixedPoint()
    {
        Gen.Select(Gen.Long, Gen.Int[0, FixedPoint.MaxPrecision], Gen.Int[0, 3], (raw, p, zeros) => (raw, p, zeros)).Sample((raw, p, zeros) =>
        {
            var text = FixedPoint.Format(raw, p) + (p > 0 ? new string('0', zeros) : "");
            var bytes = Encoding.ASCII.GetBytes(text);
            var a = Utf8Text.TryParseDecimal(bytes, out var rawA, out var pA);
            var b = FixedPoint.TryParse(text, out var rawB, out var pB);
            Assert.Equal((b, rawB, pB), (a, rawA, pA));
        }, iter: 50_000);
    }
}
