using System.Text;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Nats;

/// <summary>
/// Input payloads of the external JSON contract for one symbol (unique per test, so tests sharing a server never
/// see each other's messages), and one bad message per rejection class with the reason it must get.
/// </summary>
public sealed class NatsInputSamples
{
    public const string T0 = "2013-10-08T13:30:00.001Z";

    public NatsInputSamples(string? symbol = null)
    {
        Symbol = symbol ?? "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        UnknownSymbol = Symbol + "Q";
        Symbols = new SymbolRegistry();
        var calendar = new InstrumentSession("America/New_York", new TimeOnly(9, 30), new TimeOnly(16, 0), new TimeOnly(9, 30));
        var instrument = new Instrument(Symbols.GetOrAdd(Symbol), Symbol, Price.Parse("0.01"), 4, 0, 1m, "USD", calendar, priceBand: new PriceBandRule(maxJumpPpm: 100_000));
        Instruments = new InstrumentRegistry(Symbols, [instrument], UnknownSymbolPolicy.Reject);
    }

    public string Symbol { get; }
    public string UnknownSymbol { get; }
    public SymbolRegistry Symbols { get; }
    public InstrumentRegistry Instruments { get; }
    public string TickSubject => NatsSubjects.TicksRaw(Symbol);

    public string TickJson(string timestamp = T0, string price = "167.42", string size = "100", string? symbol = null, string extraData = "") =>
        $$$"""{"schema_version":1,"type":"tick","symbol":"{{{symbol ?? Symbol}}}","timestamp":"{{{timestamp}}}","timeframe":null,"data":{"price":{{{price}}},"size":{{{size}}}{{{extraData}}}}}""";

    public string QuoteJson(string timestamp = T0) =>
        $$$"""{"schema_version":1,"type":"quote","symbol":"{{{Symbol}}}","timestamp":"{{{timestamp}}}","timeframe":null,"data":{"bid":167.41,"bid_size":300,"ask":167.42,"ask_size":200}}""";

    public string CandleJson(string high = "167.5", string low = "167.3") =>
        $$$"""{"schema_version":1,"type":"candle","symbol":"{{{Symbol}}}","timestamp":"2013-10-08T13:30:00Z","timeframe":"1m","data":{"open":167.4,"high":{{{high}}},"low":{{{low}}},"close":167.45,"volume":1000,"close_time":"2013-10-08T13:31:00Z","tick_count":10}}""";

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static byte[] TickBinary(long eventTime, long priceRaw = 1_674_200, long size = 100)
    {
        var tick = Tick.Create(new SymbolId(42), eventTime, new Price(priceRaw, 4), new Quantity(size, 0));
        var buffer = new byte[BinaryMessageCodec.MaxFrameSize];
        var n = BinaryMessageCodec.Encode(MarketEvent.FromTick(tick), buffer);
        return buffer[..n];
    }

    /// <summary>One bad message per rejection class; the out-of-order one needs a valid tick at <see cref="T0"/> first.</summary>
    public IReadOnlyList<(string Subject, byte[] Payload, RejectReason Reason)> BadMessages()
    {
        var tick = TickSubject;
        var validBinary = TickBinary(UtcNanos.FromDateTime(new DateTime(2013, 10, 8, 13, 30, 5, DateTimeKind.Utc)));
        var invalidUtf8 = Utf8(TickJson()).ToList();
        invalidUtf8[invalidUtf8.IndexOf((byte)'T')] = 0xFF; // first letter of the symbol, inside a JSON string
        return
        [
            (tick, Utf8(TickJson()[..40]), RejectReason.MalformedJson),
            (tick, Utf8(TickJson().Replace("\"price\":167.42,", "", StringComparison.Ordinal)), RejectReason.MissingField),
            (tick, Utf8(TickJson(extraData: ",\"colour\":1")), RejectReason.UnknownField),
            (tick, Utf8(TickJson(size: "true")), RejectReason.WrongType),
            (tick, Utf8(TickJson(price: "\"NaN\"")), RejectReason.NonFinitePrice),
            (tick, Utf8(TickJson(price: "-167.42")), RejectReason.NegativePrice),
            (tick, Utf8(TickJson(price: "0")), RejectReason.ZeroPrice),
            (tick, Utf8(TickJson(size: "-5")), RejectReason.NegativeSize),
            (NatsSubjects.TicksRaw(UnknownSymbol), Utf8(TickJson(symbol: UnknownSymbol)), RejectReason.UnknownSymbol),
            (tick, Utf8(TickJson(extraData: ",\"pad\":\"" + new string('x', 5000) + "\"")), RejectReason.OversizedPayload),
            (tick, invalidUtf8.ToArray(), RejectReason.InvalidUtf8),
            (tick, Utf8(TickJson().Replace("\"schema_version\":1", "\"schema_version\":99", StringComparison.Ordinal)), RejectReason.UnknownSchemaVersion),
            (tick, Utf8(TickJson(timestamp: "2013-10-08T13:29:50Z")), RejectReason.TimestampOutOfOrder),
            (NatsSubjects.CandlesExternal(Symbol, Timeframe.OneMinute), Utf8(CandleJson(high: "167.2", low: "167.3")), RejectReason.InvalidCandle),
            (tick, Utf8(TickJson().Replace("\"type\":\"tick\"", "\"type\":\"horoscope\"", StringComparison.Ordinal)), RejectReason.UnknownMessageType),
            (tick, Utf8(QuoteJson()), RejectReason.UnexpectedMessageType),
            (tick, Utf8(TickJson(timestamp: "yesterday")), RejectReason.InvalidTimestamp),
            (tick, Utf8(TickJson(extraData: ",\"aggressor\":\"sideways\"")), RejectReason.InvalidValue),
            (tick, Utf8(TickJson(price: "167.123456")), RejectReason.PrecisionExceeded),
            (tick, Utf8(TickJson(size: "1e30")), RejectReason.OutOfRange),
            (tick, [BinaryMessageCodec.Magic, BinaryMessageCodec.Version, (byte)MessageType.Tick, 0x09, 0, 0, 0, 0, 1, 2, 3], RejectReason.MalformedBinary),
            (tick, validBinary[..(validBinary.Length - 5)], RejectReason.Truncated),
            (tick, Utf8(TickJson(timestamp: "2099-01-01T00:00:00Z")), RejectReason.FutureTimestamp),
            (tick, Utf8(TickJson(price: "900000000000000")), RejectReason.PriceOutOfBand),
            (tick, Utf8(TickJson(size: "0")), RejectReason.ZeroSize),
        ];
    }
}
