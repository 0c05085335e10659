using System.Text;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Tests.Nats;

/// <summary>
/// Input payloads for ingestion tests: a valid tick, quote and candle of the external JSON contract, and one bad
/// message per rejection class with the subject it is sent on and the reason it must be rejected with.
/// </summary>
public static class InputSamples
{
    public const string Symbol = "SPY";
    public const string T0 = "2013-10-08T13:30:00.001Z";

    public static (SymbolRegistry Symbols, InstrumentRegistry Instruments) Registries()
    {
        var symbols = new SymbolRegistry();
        var calendar = new InstrumentSession("America/New_York", new TimeOnly(9, 30), new TimeOnly(16, 0), new TimeOnly(9, 30));
        var spy = new Instrument(symbols.GetOrAdd(Symbol), Symbol, Price.Parse("0.01"), 4, 0, 1m, "USD", calendar, priceBand: new PriceBandRule(maxJumpPpm: 100_000));
        return (symbols, new InstrumentRegistry(symbols, [spy], UnknownSymbolPolicy.Reject));
    }

    public static string TickJson(string timestamp = T0, string price = "167.42", string size = "100", string symbol = Symbol, string extraData = "") =>
        $$$"""{"schema_version":1,"type":"tick","symbol":"{{{symbol}}}","timestamp":"{{{timestamp}}}","timeframe":null,"data":{"price":{{{price}}},"size":{{{size}}}{{{extraData}}}}}""";

    public static string QuoteJson(string timestamp = T0) =>
        $$$"""{"schema_version":1,"type":"quote","symbol":"{{{Symbol}}}","timestamp":"{{{timestamp}}}","timeframe":null,"data":{"bid":167.41,"bid_size":300,"ask":167.42,"ask_size":200}}""";

    public static string CandleJson(string high = "167.5", string low = "167.3") =>
        $$$"""{"schema_version":1,"type":"candle","symbol":"{{{Symbol}}}","timestamp":"2013-10-08T13:30:00Z","timeframe":"1m","data":{"open":167.4,"high":{{{high}}},"low":{{{low}}},"close":167.45,"volume":1000,"close_time":"2013-10-08T13:31:00Z","tick_count":10}}""";

    public static string TickSubject => NatsSubjects.TicksRaw(Symbol);

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>A binary tick frame as another engine process would send it.</summary>
    public static byte[] TickBinary(long eventTime, long priceRaw = 1_674_200, long size = 100)
    {
        var tick = Tick.Create(new SymbolId(42), eventTime, new Price(priceRaw, 4), new Quantity(size, 0));
        var buffer = new byte[BinaryMessageCodec.MaxFrameSize];
        var n = BinaryMessageCodec.Encode(MarketEvent.FromTick(tick), buffer);
        return buffer[..n];
    }

    /// <summary>
    /// One bad message per rejection class, in the order they are sent: (subject, payload, expected reason).
    /// The out-of-order tick relies on a valid tick at <see cref="T0"/> having been admitted before it (and the
    /// out-of-band price on its 167.42 as the band's reference; the registry gives SPY a 10 % band).
    /// </summary>
    public static IReadOnlyList<(string Subject, byte[] Payload, RejectReason Reason)> BadMessages()
    {
        var tick = TickSubject;
        var validBinary = TickBinary(UtcNanos.FromDateTime(new DateTime(2013, 10, 8, 13, 30, 5, DateTimeKind.Utc)));
        var invalidUtf8 = Utf8(TickJson()).ToList();
        var at = invalidUtf8.IndexOf((byte)'S'); // inside "SPY"
        invalidUtf8[at] = 0xFF;
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
            (NatsSubjects.TicksRaw("ZZZ"), Utf8(TickJson(symbol: "ZZZ")), RejectReason.UnknownSymbol),
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
