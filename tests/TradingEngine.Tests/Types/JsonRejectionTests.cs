using System.Text;
using CsCheck;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

/// <summary>Every class of bad input is rejected with its own reason and a message naming the field and value.</summary>
public class JsonRejectionTests
{
    private static readonly SymbolRegistry Symbols = NewSymbols();
    private static readonly JsonMessageDecoder Decoder = new(Symbols);

    private static SymbolRegistry NewSymbols()
    {
        var s = new SymbolRegistry();
        s.GetOrAdd("ES");
        return s;
    }

    private const string GoodTick =
        """{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-25T23:00:00.123456789Z","timeframe":null,"data":{"price":4760.25,"size":3}}""";

    private static string Tick(string data, string envelopeExtra = "") =>
        "{\"schema_version\":1,\"type\":\"tick\",\"symbol\":\"ES\",\"timestamp\":\"2023-12-25T23:00:00.123456789Z\"" + envelopeExtra
        + ",\"data\":{" + data + "}}";

    private static DecodeResult Decode(string json, JsonMessageDecoder? decoder = null) =>
        (decoder ?? Decoder).Decode(Encoding.UTF8.GetBytes(json), out MarketEvent _);

    private static void Rejected(RejectReason reason, string json, string mentions, JsonMessageDecoder? decoder = null)
    {
        var r = Decode(json, decoder);
        Assert.Equal(reason, r.Reason);
        Assert.Contains(mentions, r.Message);
    }

    [Fact]
    public void The_good_tick_decodes_exactly()
    {
        Assert.True(Decode(GoodTick).IsSuccess);
        Assert.True(Decoder.Decode(Encoding.UTF8.GetBytes(GoodTick), out Tick t).IsSuccess);
        Assert.Equal(476025, t.PriceRaw);
        Assert.Equal(2, t.PricePrecision);
        Assert.Equal(3, t.SizeRaw);
        Assert.Equal(1_703_545_200_123_456_789L, t.EventTime);
    }

    [Fact]
    public void Malformed_json() => Rejected(RejectReason.MalformedJson, """{"schema_version":1,"type":"tick",""", "not valid JSON");

    [Fact]
    public void Trailing_content_is_malformed() => Rejected(RejectReason.MalformedJson, GoodTick + " {}", "not valid JSON");

    [Fact]
    public void Duplicate_data_field_is_malformed() => Rejected(RejectReason.MalformedJson, Tick("\"price\":1,\"size\":1,\"price\":2"), "data.price appears twice");

    [Fact]
    public void Missing_data_field() => Rejected(RejectReason.MissingField, Tick("\"price\":4760.25"), "data.size");

    [Fact]
    public void Missing_envelope_field() =>
        Rejected(RejectReason.MissingField, """{"schema_version":1,"type":"tick","symbol":"ES","data":{"price":1,"size":1}}""", "timestamp");

    [Fact]
    public void Unknown_data_field() => Rejected(RejectReason.UnknownField, Tick("\"price\":1,\"size\":1,\"colour\":\"red\""), "data.colour");

    [Fact]
    public void Unknown_envelope_field() => Rejected(RejectReason.UnknownField, Tick("\"price\":1,\"size\":1", ",\"extra\":true"), "extra");

    [Fact]
    public void Wrong_type() => Rejected(RejectReason.WrongType, Tick("\"price\":\"4760.25\",\"size\":1"), "data.price is \"4760.25\"");

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"-Infinity\"")]
    [InlineData("1e400")]
    public void Non_finite_price(string price) => Rejected(RejectReason.NonFinitePrice, Tick($"\"price\":{price},\"size\":1"), "data.price");

    [Fact]
    public void Non_finite_statistic()
    {
        var json = """{"schema_version":1,"type":"rsi","symbol":"ES","timestamp":"2023-12-25T23:00:00Z","timeframe":"5m","data":{"period":14,"value":"NaN"}}""";
        var r = Decoder.Decode(Encoding.UTF8.GetBytes(json), out OutputMessage _);
        Assert.Equal(RejectReason.NonFinitePrice, r.Reason);
        Assert.Contains("data.value", r.Message);
    }

    [Fact]
    public void Negative_price() => Rejected(RejectReason.NegativePrice, Tick("\"price\":-263.16,\"size\":1"), "data.price is -263.16");

    [Fact]
    public void Zero_price() => Rejected(RejectReason.ZeroPrice, Tick("\"price\":0.00,\"size\":1"), "data.price is 0");

    [Fact]
    public void Negative_size() => Rejected(RejectReason.NegativeSize, Tick("\"price\":1,\"size\":-64874192"), "data.size is -64874192");

    [Fact]
    public void Unknown_symbol_when_the_registry_rejects()
    {
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Parse(InstrumentRegistryTests.MinimalYaml, "test.yaml", symbols);
        var decoder = new JsonMessageDecoder(symbols, registry);
        Rejected(RejectReason.UnknownSymbol, GoodTick.Replace("\"ES\"", "\"ESZ9\""), "\"ESZ9\"", decoder);
        Assert.True(Decode(GoodTick, decoder).IsSuccess);
    }

    [Fact]
    public void Unknown_symbol_admitted_by_policy()
    {
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Parse(InstrumentRegistryTests.MinimalYaml.Replace("reject", "admit"), "test.yaml", symbols);
        var decoder = new JsonMessageDecoder(symbols, registry);
        Assert.True(decoder.Decode(Encoding.UTF8.GetBytes(GoodTick.Replace("\"ES\"", "\"NEW\"").Replace("4760.25", "4760.125")), out Tick t).IsSuccess);
        Assert.Equal("NEW", symbols.NameOf(t.Symbol));
        Assert.Equal(3, t.PricePrecision); // no instrument: from the text
    }

    [Fact]
    public void Oversized_payload()
    {
        var decoder = new JsonMessageDecoder(Symbols, maxPayloadBytes: 64);
        Rejected(RejectReason.OversizedPayload, GoodTick, "limit is 64", decoder);
    }

    [Fact]
    public void Invalid_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes(GoodTick);
        bytes[40] = 0xC3; // a lead byte followed by ASCII
        var r = Decoder.Decode(bytes, out MarketEvent _);
        Assert.Equal(RejectReason.InvalidUtf8, r.Reason);
        Assert.Contains("offset 40", r.Message);
    }

    [Fact]
    public void Unknown_schema_version() => Rejected(RejectReason.UnknownSchemaVersion, GoodTick.Replace("\"schema_version\":1", "\"schema_version\":2"), "schema_version 2");

    [Fact]
    public void Unknown_schema_version_wins_over_unknown_fields() =>
        Rejected(RejectReason.UnknownSchemaVersion, GoodTick.Replace("\"schema_version\":1", "\"schema_version\":2,\"new_field\":1"), "schema_version 2");

    [Fact]
    public void Timestamp_out_of_order_beyond_tolerance()
    {
        var guard = new TimestampOrderGuard(toleranceNanos: UtcNanos.PerMillisecond);
        var es = new SymbolId(1);
        Assert.True(guard.Check(es, 10 * UtcNanos.PerSecond).IsSuccess);
        Assert.True(guard.Check(es, 10 * UtcNanos.PerSecond - UtcNanos.PerMillisecond).IsSuccess); // within tolerance
        var r = guard.Check(es, 10 * UtcNanos.PerSecond - 2 * UtcNanos.PerMillisecond);
        Assert.Equal(RejectReason.TimestampOutOfOrder, r.Reason);
        Assert.Contains("2 ms before", r.Message);
        Assert.True(guard.Check(new SymbolId(2), 0).IsSuccess); // per symbol
    }

    [Fact]
    public void Future_timestamp_beyond_the_clock_skew()
    {
        var now = UtcNanos.FromDateTime(new DateTime(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc));
        var skew = 5 * UtcNanos.PerSecond;
        Assert.False(ClockSkewGuard.IsAhead(now + skew, now, skew));
        var in2099 = UtcNanos.FromDateTime(new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.True(ClockSkewGuard.IsAhead(in2099, now, skew));
        Assert.True(ClockSkewGuard.IsAhead(now + skew + 1, now, skew));
        Assert.Contains("2099-01-01T00:00:00Z", ClockSkewGuard.Describe(in2099, now, skew));
        Assert.Contains("max_clock_skew 5 s", ClockSkewGuard.Describe(in2099, now, skew));
        // history is never "the future": the good tick (2023) is not ahead of a 2026 clock, however small the skew
        // (the ingestion stage turns IsAhead into RejectReason.FutureTimestamp: IngestionStageTests)
        Decoder.Decode(Encoding.UTF8.GetBytes(GoodTick), out Tick past);
        Assert.False(ClockSkewGuard.IsAhead(past.EventTime, now, 0));
    }

    [Fact]
    public void Price_out_of_band_and_zero_size_trades()
    {
        // decoded ticks pass through the one TradeGuard the ingestion stage and the importers share
        var guard = new TradeGuard();
        var es = new SymbolId(1);
        guard.SetRule(es, new PriceBandRule(maxJumpPpm: 100_000));
        Decoder.Decode(Encoding.UTF8.GetBytes(GoodTick), out MarketEvent good);
        Assert.Equal(RejectReason.None, guard.Check(es, good.Tick.PriceRaw, good.Tick.PricePrecision, good.Tick.SizeRaw));
        Decoder.Decode(Encoding.UTF8.GetBytes(Tick("\"price\":900000000000000,\"size\":1")), out MarketEvent wild);
        Assert.Equal(RejectReason.PriceOutOfBand, guard.Check(es, wild.Tick.PriceRaw, wild.Tick.PricePrecision, wild.Tick.SizeRaw));
        Assert.True(Decode(Tick("\"price\":4760.25,\"size\":0")).IsSuccess); // the decoder reads it; the guard refuses it
        Decoder.Decode(Encoding.UTF8.GetBytes(Tick("\"price\":4760.25,\"size\":0")), out MarketEvent empty);
        Assert.Equal(RejectReason.ZeroSize, guard.Check(es, empty.Tick.PriceRaw, empty.Tick.PricePrecision, empty.Tick.SizeRaw));
    }

    [Fact]
    public void Metadata_is_an_open_map()
    {
        var r = Decode(Tick("\"price\":4760.25,\"size\":3", ",\"metadata\":{\"source\":\"feed-a\",\"version\":\"2.1.0\",\"host\":{\"name\":\"x\",\"ids\":[1,2]},\"receive_time\":\"2023-12-25T23:00:00.2Z\"}"));
        Assert.True(r.IsSuccess, r.ToString());
        Decoder.Decode(Encoding.UTF8.GetBytes(Tick("\"price\":4760.25,\"size\":3", ",\"metadata\":{\"version\":7,\"source_sequence\":42}")), out MarketEvent e);
        Assert.Equal(42, e.SourceSequence); // known keys keep their meaning beside unknown ones
    }

    [Fact]
    public void Known_metadata_keys_keep_their_types() =>
        Rejected(RejectReason.WrongType, Tick("\"price\":1,\"size\":1", ",\"metadata\":{\"version\":\"1\",\"source\":5}"), "metadata.source is 5, expected a string");

    [Theory]
    [InlineData("\"open\":10,\"high\":9,\"low\":9.5,\"close\":9.5", "high 9.0 is below low 9.5")]
    [InlineData("\"open\":11,\"high\":10,\"low\":9,\"close\":9.5", "open 11.0 is outside")]
    [InlineData("\"open\":9.5,\"high\":10,\"low\":9,\"close\":8", "close 8.0 is outside")]
    public void Invalid_candle(string ohlc, string mentions)
    {
        var json = """{"schema_version":1,"type":"candle","symbol":"ES","timestamp":"2017-01-03T00:00:00Z","timeframe":"1d","data":{""" + ohlc
                   + ""","volume":100,"close_time":"2017-01-04T00:00:00Z","tick_count":0}}""";
        Rejected(RejectReason.InvalidCandle, json, mentions);
    }

    [Fact]
    public void Unknown_message_type() => Rejected(RejectReason.UnknownMessageType, GoodTick.Replace("\"tick\"", "\"trade\""), "\"trade\"");

    [Fact]
    public void Unexpected_message_type() =>
        Rejected(RejectReason.UnexpectedMessageType,
            """{"schema_version":1,"type":"rsi","symbol":"ES","timestamp":"2023-12-25T23:00:00Z","timeframe":"5m","data":{"period":14,"value":55.5}}""", "rsi");

    [Theory]
    [InlineData("2023-12-25 23:00:00Z")]
    [InlineData("2023-12-25T23:00:00")]
    [InlineData("2023-12-25T23:00:00.1234567891Z")]
    [InlineData("2023-02-30T00:00:00Z")]
    public void Invalid_timestamp(string timestamp) => Rejected(RejectReason.InvalidTimestamp, GoodTick.Replace("2023-12-25T23:00:00.123456789Z", timestamp), "timestamp");

    [Fact]
    public void Invalid_value() => Rejected(RejectReason.InvalidValue, Tick("\"price\":1,\"size\":1,\"aggressor\":\"up\""), "data.aggressor is \"up\", expected one of none, buy, sell");

    [Fact]
    public void Invalid_timeframe() => Rejected(RejectReason.InvalidValue, Tick("\"price\":1,\"size\":1", ",\"timeframe\":\"5x\""), "timeframe \"5x\"");

    [Fact]
    public void Precision_exceeded_for_the_instrument()
    {
        var symbols = new SymbolRegistry();
        var registry = InstrumentRegistry.Parse(InstrumentRegistryTests.MinimalYaml, "test.yaml", symbols);
        var decoder = new JsonMessageDecoder(symbols, registry);
        Rejected(RejectReason.PrecisionExceeded, GoodTick.Replace("4760.25", "4760.125"), "ES allows 2", decoder);
        // trailing zeros are not digits lost: Databento's 1e-9 text of an ES price is fine
        Assert.True(decoder.Decode(Encoding.UTF8.GetBytes(GoodTick.Replace("4760.25", "4760.250000000")), out Tick t).IsSuccess);
        Assert.Equal((476025L, (byte)2), (t.PriceRaw, t.PricePrecision));
        Assert.True(decoder.Decode(Encoding.UTF8.GetBytes(GoodTick.Replace("4760.25", "4760")), out t).IsSuccess);
        Assert.Equal((476000L, (byte)2), (t.PriceRaw, t.PricePrecision));
    }

    [Fact]
    public void Out_of_range() => Rejected(RejectReason.OutOfRange, Tick("\"price\":12345678901234567890123,\"size\":1"), "data.price");

    [Fact]
    public void Not_an_object() => Rejected(RejectReason.MalformedJson, "[1,2,3]", "expected a JSON object");

    [Fact]
    public void Empty_payload() => Rejected(RejectReason.MalformedJson, "", "not valid JSON");

    // An independent judge of a payload: System.Text.Json's document parser with the decoder's limits.
    private static RejectReason? SyntaxVerdict(byte[] bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
            return RejectReason.InvalidUtf8;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(bytes, new System.Text.Json.JsonDocumentOptions { MaxDepth = 8 });
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object ? null : RejectReason.MalformedJson;
        }
        catch (System.Text.Json.JsonException)
        {
            return RejectReason.MalformedJson;
        }
    }

    private static readonly Gen<byte[]> JsonishBytes =
        Gen.OneOf(((Gen<byte>)Gen.Byte).Array[0, 300], Gen.Char["{}[]\":,.-0123456789eEtrufalsn \\"].Array[0, 120].Select(c => Encoding.UTF8.GetBytes(c)));

    [Fact]
    public void Arbitrary_bytes_get_the_reason_an_independent_parser_gives()
    {
        // not UTF-8 → InvalidUtf8; UTF-8 but not a JSON object → MalformedJson; a JSON object → some other reason; and
        // every rejection says what it saw
        JsonishBytes.Sample(bytes =>
        {
            var r = Decoder.Decode(bytes, out MarketEvent _);
            var expected = SyntaxVerdict(bytes);
            Assert.False(r.IsSuccess, Encoding.UTF8.GetString(bytes));
            Assert.False(string.IsNullOrEmpty(r.Message));
            if (expected is { } reason)
                Assert.Equal(reason, r.Reason);
            else
                Assert.NotEqual(RejectReason.MalformedJson, r.Reason);
        }, iter: 20_000);
    }

    // One field of the good tick changed at a time: the decoder's exact reason, and a message that names the field and
    // shows the value it saw. Expectations follow docs/message_catalog.md ("Validation: typed reasons").
    public static TheoryData<string, string, RejectReason, string> FieldMutations => new()
    {
        { "\"schema_version\":1", "\"schema_version\":\"1\"", RejectReason.WrongType, "schema_version is \"1\"" },
        { "\"schema_version\":1,", "", RejectReason.MissingField, "\"schema_version\"" },
        { "\"type\":\"tick\"", "\"type\":1", RejectReason.WrongType, "type is 1" },
        { "\"type\":\"tick\"", "\"type\":\"TICK\"", RejectReason.UnknownMessageType, "\"TICK\"" },
        { "\"type\":\"tick\",", "", RejectReason.MissingField, "\"type\"" },
        { "\"symbol\":\"ES\"", "\"symbol\":5", RejectReason.WrongType, "symbol is 5" },
        { "\"symbol\":\"ES\",", "", RejectReason.MissingField, "\"symbol\"" },
        { "\"2023-12-25T23:00:00.123456789Z\"", "1703545200", RejectReason.WrongType, "timestamp is 1703545200" },
        { "2023-12-25T23", "2023-13-25T23", RejectReason.InvalidTimestamp, "timestamp" },
        { "\"timeframe\":null", "\"timeframe\":5", RejectReason.WrongType, "timeframe is 5" },
        { "\"timeframe\":null", "\"timeframe\":\"5x\"", RejectReason.InvalidValue, "timeframe \"5x\"" },
        { "\"data\":{\"price\":4760.25,\"size\":3}", "\"data\":[]", RejectReason.WrongType, "data is" },
        { ",\"data\":{\"price\":4760.25,\"size\":3}", "", RejectReason.MissingField, "\"data\"" },
        { "\"price\":4760.25", "\"price\":true", RejectReason.WrongType, "data.price is true" },
        { "\"price\":4760.25", "\"price\":-4760.25", RejectReason.NegativePrice, "data.price is -4760.25" },
        { "\"price\":4760.25", "\"price\":0", RejectReason.ZeroPrice, "data.price is 0" },
        { "\"price\":4760.25", "\"price\":\"NaN\"", RejectReason.NonFinitePrice, "data.price" },
        { "\"price\":4760.25,", "", RejectReason.MissingField, "\"data.price\"" },
        { "\"size\":3", "\"size\":\"3\"", RejectReason.WrongType, "data.size is \"3\"" },
        { "\"size\":3", "\"size\":-3", RejectReason.NegativeSize, "data.size is -3" },
        { "\"size\":3", "\"size\":3,\"size\":4", RejectReason.MalformedJson, "data.size appears twice" },
        { "\"size\":3", "\"size\":3,\"sizes\":4", RejectReason.UnknownField, "data.sizes" },
        { "\"timeframe\":null", "\"timeframe\":null,\"symbols\":\"ES\"", RejectReason.UnknownField, "symbols" },
    };

    [Theory]
    [MemberData(nameof(FieldMutations))]
    public void A_changed_field_of_the_good_tick_gets_its_exact_reason_naming_the_field(string from, string to, RejectReason reason, string mentions)
    {
        Assert.Contains(from, GoodTick); // the mutation applies, so the row tests what it says
        var json = GoodTick.Replace(from, to);
        Rejected(reason, json, mentions);
        // the output-ring decoder reads the envelope the same way: a tick refused for its content is refused for the
        // same reason there (it is not an output message either, but the first fault found is the one named)
        var asOutput = Decoder.Decode(Encoding.UTF8.GetBytes(json), out OutputMessage _);
        Assert.False(asOutput.IsSuccess);
    }

    [Fact]
    public void A_byte_changed_in_a_good_tick_is_judged_by_what_the_change_made()
    {
        // every one-byte change of a good tick: broken UTF-8 or JSON gets that reason; a still-valid document is either
        // refused for a content reason with a message, or decoded to exactly the price, size and symbol it now states
        var good = Encoding.UTF8.GetBytes(GoodTick);
        Gen.Select(Gen.Int[0, good.Length - 1], (Gen<byte>)Gen.Byte, (i, b) => (i, b)).Sample((i, b) =>
        {
            var bytes = (byte[])good.Clone();
            bytes[i] = b;
            var r = Decoder.Decode(bytes, out MarketEvent e);
            var asOutput = Decoder.Decode(bytes, out OutputMessage _);
            var text = Encoding.UTF8.GetString(bytes);
            if (SyntaxVerdict(bytes) is { } reason)
            {
                Assert.Equal(reason, r.Reason);
                Assert.Equal(reason, asOutput.Reason); // the output-ring decoder judges the syntax the same way
                return;
            }
            Assert.False(asOutput.IsSuccess, text); // a tick is never an output message
            if (!r.IsSuccess)
            {
                Assert.NotEqual(RejectReason.MalformedJson, r.Reason);
                Assert.False(string.IsNullOrEmpty(r.Message), text);
                return;
            }
            using var doc = System.Text.Json.JsonDocument.Parse(bytes);
            var data = doc.RootElement.GetProperty("data");
            Assert.Equal(data.GetProperty("price").GetDecimal(), e.Tick.Price.ToDecimal());
            Assert.Equal(data.GetProperty("size").GetDecimal(), e.Tick.Size.ToDecimal());
            Assert.Equal(doc.RootElement.GetProperty("symbol").GetString(), Symbols.NameOf(e.Symbol));
        }, iter: 20_000);
    }

    [Fact]
    public void Every_reject_reason_but_binary_ones_has_a_json_test()
    {
        // a reminder for whoever adds a reason: give it its own test above
        var covered = new[]
        {
            RejectReason.MalformedJson, RejectReason.MissingField, RejectReason.UnknownField, RejectReason.WrongType,
            RejectReason.NonFinitePrice, RejectReason.NegativePrice, RejectReason.ZeroPrice, RejectReason.NegativeSize,
            RejectReason.UnknownSymbol, RejectReason.OversizedPayload, RejectReason.InvalidUtf8, RejectReason.UnknownSchemaVersion,
            RejectReason.TimestampOutOfOrder, RejectReason.InvalidCandle, RejectReason.UnknownMessageType,
            RejectReason.UnexpectedMessageType, RejectReason.InvalidTimestamp, RejectReason.InvalidValue,
            RejectReason.PrecisionExceeded, RejectReason.OutOfRange, RejectReason.FutureTimestamp, RejectReason.PriceOutOfBand,
            RejectReason.ZeroSize,
        };
        var binary = new[] { RejectReason.MalformedBinary, RejectReason.Truncated };
        var all = Enum.GetValues<RejectReason>().Where(r => r != RejectReason.None);
        Assert.Empty(all.Except(covered).Except(binary));
    }
}
