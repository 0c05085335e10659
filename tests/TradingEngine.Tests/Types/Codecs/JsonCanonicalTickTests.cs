using System.Runtime.InteropServices;
using System.Text;
using CsCheck;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types.Codecs;

/// <summary>
/// The JSON decoder's fast paths for ticks and quotes in the encoder's layout (JsonMessageDecoder.CanonicalTick.cs):
/// whenever they answer, the general reader gives the very same event, on encoded messages and on random mutations of
/// them (bytes replaced, removed, inserted, the payload cut); and they do answer for what our encoder writes.
/// </summary>
public sealed class JsonCanonicalTickTests
{
    private static readonly InstrumentSession Session = new("Etc/UTC", new TimeOnly(0, 0), new TimeOnly(0, 0), new TimeOnly(0, 0));

    /// <summary>A decoder whose registry gives the message's symbol the message's precisions, and the message's JSON.</summary>
    private static (JsonMessageDecoder Decoder, byte[] Json) Setup<T>(in T message, SymbolId symbol, byte pricePrecision, byte sizePrecision)
        where T : struct, ICatalogMessage<T>
    {
        var name = CatalogGen.Symbols.NameOf(symbol);
        var symbols = new SymbolRegistry();
        var id = symbols.GetOrAdd(name);
        var instrument = new Instrument(id, name, new Price(1, pricePrecision), pricePrecision, sizePrecision, 1m, "USD", Session);
        var decoder = new JsonMessageDecoder(symbols, new InstrumentRegistry(symbols, [instrument], UnknownSymbolPolicy.Reject));
        return (decoder, new JsonMessageEncoder(CatalogGen.Symbols).EncodeToArray(in message));
    }

    private static (JsonMessageDecoder Decoder, byte[] Json) Setup(Tick tick) => Setup(in tick, tick.Symbol, tick.PricePrecision, tick.SizePrecision);

    private static (JsonMessageDecoder Decoder, byte[] Json) Setup(Quote quote) => Setup(in quote, quote.Symbol, quote.PricePrecision, quote.SizePrecision);

    // what the encoder writes without metadata, aggressor or an escaped venue character: the fast path's whole layout
    private static readonly Gen<Tick> Canonical = CatalogGen.Tick.Select(t =>
    {
        t.ReceiveTime = 0;
        t.Side = default;
        if (Escaped((byte)t.Venue) || Escaped((byte)(t.Venue >> 8)))
            t.Venue = (ushort)'X';
        return t;
    });

    private static bool Escaped(byte b) => b is (byte)'"' or (byte)'\\';

    private static readonly Gen<Quote> CanonicalQuote = CatalogGen.Quote.Select(q =>
    {
        q.ReceiveTime = 0;
        if (Escaped((byte)q.Venue) || Escaped((byte)(q.Venue >> 8)))
            q.Venue = (ushort)'X';
        return q;
    });

    [Fact]
    public void Quotes_in_the_encoders_layout_take_the_fast_path_and_decode_as_the_general_reader_does() =>
        CanonicalQuote.Sample(quote =>
        {
            var (decoder, json) = Setup(quote);
            Assert.True(decoder.TryDecodeCanonicalQuote(json, out _), Encoding.UTF8.GetString(json));
            AssertSame(decoder, json);
        }, iter: 20_000);

    [Fact]
    public void Whatever_the_fast_path_accepts_of_a_mutated_quote_the_general_reader_decodes_the_same() =>
        Gen.Select(CanonicalQuote, Gen.Int[0, 3], Gen.Int[0, 1_000_000], Gen.Byte).Sample((quote, how, where, value) =>
        {
            var (decoder, json) = Setup(quote);
            var at = where % json.Length;
            byte[] mutated = how switch
            {
                0 => Replace(json, at, value),
                1 => [.. json[..at], .. json[(at + 1)..]],
                2 => [.. json[..at], value, .. json[at..]],
                _ => json[..at],
            };
            AssertSame(decoder, mutated);
            var data = Encoding.UTF8.GetString(json).IndexOf("\"data\"", StringComparison.Ordinal);
            var inData = data + (where % (json.Length - data));
            AssertSame(decoder, Replace(json, inData, EditBytes[where % EditBytes.Length]));
        }, iter: 100_000);

    private static void AssertSame(JsonMessageDecoder decoder, ReadOnlySpan<byte> json)
    {
        if (!decoder.TryDecodeCanonicalTick(json, out var fast) && !decoder.TryDecodeCanonicalQuote(json, out fast))
            return;
        var general = decoder.DecodeGeneral(json, out var reference);
        Assert.True(general.IsSuccess, $"fast path accepted what the general path rejects ({general.Reason}: {general.Message}): {Encoding.UTF8.GetString(json)}");
        Assert.True(MemoryMarshal.AsBytes(new ReadOnlySpan<MarketEvent>(in fast)).SequenceEqual(MemoryMarshal.AsBytes(new ReadOnlySpan<MarketEvent>(in reference))),
            $"fast and general events differ for {Encoding.UTF8.GetString(json)}");
    }

    [Fact]
    public void Ticks_in_the_encoders_layout_take_the_fast_path_and_decode_as_the_general_reader_does() =>
        Canonical.Sample(tick =>
        {
            var (decoder, json) = Setup(tick);
            Assert.True(decoder.TryDecodeCanonicalTick(json, out _), Encoding.UTF8.GetString(json));
            AssertSame(decoder, json);
            Assert.True(decoder.Decode(json, out MarketEvent e).IsSuccess);
            Assert.Equal(tick.PriceRaw, e.Tick.PriceRaw);
        }, iter: 20_000);

    [Fact]
    public void Ticks_with_metadata_or_an_aggressor_leave_it_to_the_general_reader() =>
        CatalogGen.Tick.Where(t => t.ReceiveTime != 0 || t.Side != default).Sample(tick =>
        {
            var (decoder, json) = Setup(tick);
            Assert.False(decoder.TryDecodeCanonicalTick(json, out _));
            Assert.True(decoder.Decode(json, out MarketEvent _).IsSuccess);
        }, iter: 2_000);

    [Fact]
    public void Whatever_the_fast_path_accepts_of_a_mutated_tick_the_general_reader_decodes_the_same() =>
        Gen.Select(Canonical, Gen.Int[0, 3], Gen.Int[0, 1_000_000], Gen.Byte).Sample((tick, how, where, value) =>
        {
            var (decoder, json) = Setup(tick);
            var at = where % json.Length;
            var mutated = how switch
            {
                0 => Replace(json, at, value),
                1 => [.. json[..at], .. json[(at + 1)..]],
                2 => [.. json[..at], value, .. json[at..]],
                _ => json[..at],
            };
            AssertSame(decoder, mutated);
            // whichever path takes it, the answer is the general reader's
            var full = decoder.Decode(mutated, out MarketEvent viaDecode);
            var reference = decoder.DecodeGeneral(mutated, out var viaGeneral);
            Assert.Equal(reference.Reason, full.Reason);
            if (reference.IsSuccess)
                Assert.Equal(viaGeneral.Tick.PriceRaw, viaDecode.Tick.PriceRaw);
        }, iter: 100_000);

    private static readonly byte[] EditBytes = "019-.eE+ \"\\}"u8.ToArray();

    [Fact]
    public void Digit_and_sign_edits_of_numbers_never_make_the_paths_disagree() =>
        Gen.Select(Canonical, Gen.Int[0, 1_000_000], Gen.Int[0, EditBytes.Length - 1].Select(i => EditBytes[i]))
            .Sample((tick, where, value) =>
            {
                var (decoder, json) = Setup(tick);
                var data = Encoding.UTF8.GetString(json).IndexOf("\"data\"", StringComparison.Ordinal);
                var at = data + (where % (json.Length - data));
                AssertSame(decoder, Replace(json, at, value));
                AssertSame(decoder, [.. json[..at], value, .. json[at..]]);
            }, iter: 100_000);

    [Theory]
    [InlineData("""{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-26T14:35:00.25Z","timeframe":null,"data":{"price":4760.25,"size":3}}""", true)]
    [InlineData("""{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-26T14:35:00.25Z","timeframe":null,"data":{"price":4760.25,"size":3,"venue":"XC","conditions":8192,"suspicious":true}}""", true)]
    [InlineData("""{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-26T14:35:00.25Z","timeframe":null,"data":{"size":3,"price":4760.25}}""", false)] // another order: general path
    [InlineData("""{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-26T14:35:00.25Z","timeframe":null,"data":{"price":4760.255,"size":3}}""", false)] // beyond the instrument's decimals: general path rejects
    [InlineData("""{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-26T14:35:00.25Z","timeframe":null,"data":{"price":4.76025e3,"size":3}}""", false)] // exponent
    [InlineData("""{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-26T14:35:00.25Z","timeframe":null,"data":{"price":04760.25,"size":3}}""", false)] // not a JSON number
    [InlineData("""{"schema_version":1,"type":"tick","symbol":"ES","timestamp":"2023-12-26T14:35:00.25Z","timeframe":null,"data":{"price":0,"size":3}}""", false)] // zero price
    [InlineData("""{"schema_version":1,"type":"tick","symbol":"ZZ","timestamp":"2023-12-26T14:35:00.25Z","timeframe":null,"data":{"price":4760.25,"size":3}}""", false)] // unknown symbol
    public void Examples(string json, bool fast)
    {
        var symbols = new SymbolRegistry();
        var es = new Instrument(symbols.GetOrAdd("ES"), "ES", Price.Parse("0.25"), 2, 0, 50m, "USD", Session);
        var decoder = new JsonMessageDecoder(symbols, new InstrumentRegistry(symbols, [es], UnknownSymbolPolicy.Reject));
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Equal(fast, decoder.TryDecodeCanonicalTick(bytes, out _));
        AssertSame(decoder, bytes);
    }

    private static byte[] Replace(byte[] json, int at, byte value)
    {
        var copy = (byte[])json.Clone();
        copy[at] = value;
        return copy;
    }
}
