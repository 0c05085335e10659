namespace TradingEngine.Types;

/// <summary>
/// Why an input message was rejected. Counted per reason and sent with the message to the dead-letter subject
/// (<c>deadletter.&lt;original subject&gt;</c>, reason in a header). Values are stable: only append.
/// </summary>
public enum RejectReason : byte
{
    None = 0,
    /// <summary>Not JSON at all, truncated, trailing content, duplicate property.</summary>
    MalformedJson = 1,
    MissingField = 2,
    UnknownField = 3,
    /// <summary>A field holds the wrong JSON kind (a string where a number belongs).</summary>
    WrongType = 4,
    /// <summary>A price or statistic is NaN or ±Infinity (as a string literal, or a number beyond double range).</summary>
    NonFinitePrice = 5,
    NegativePrice = 6,
    ZeroPrice = 7,
    NegativeSize = 8,
    /// <summary>The symbol is not in the instrument registry and the registry's policy is to reject.</summary>
    UnknownSymbol = 9,
    OversizedPayload = 10,
    InvalidUtf8 = 11,
    UnknownSchemaVersion = 12,
    /// <summary>Event time went backwards beyond the ingestion stage's tolerance (<see cref="TimestampOrderGuard"/>).</summary>
    TimestampOutOfOrder = 13,
    /// <summary>high &lt; low, or open/close outside [low, high], or close time not after open time.</summary>
    InvalidCandle = 14,
    /// <summary>The <c>type</c> is not in the catalog.</summary>
    UnknownMessageType = 15,
    /// <summary>A known type, but not one this decoder entry point accepts (an RSI on the tick subject).</summary>
    UnexpectedMessageType = 16,
    /// <summary>A timestamp that is not ISO 8601 UTC with an explicit zone and at most 9 fractional digits.</summary>
    InvalidTimestamp = 17,
    /// <summary>A value of the right JSON kind but not allowed (unknown enum name, bad timeframe, bad venue).</summary>
    InvalidValue = 18,
    /// <summary>A price or size with more decimals than the instrument's precision (non-zero digits would be lost).</summary>
    PrecisionExceeded = 19,
    /// <summary>A number too large for the fixed-point range (±9.2e18 raw units) or an integer field.</summary>
    OutOfRange = 20,
    /// <summary>Binary: bad magic, unsupported version, unknown kind or a length that does not match.</summary>
    MalformedBinary = 21,
    /// <summary>Binary: the buffer ends before the message does.</summary>
    Truncated = 22,
    /// <summary>
    /// Live only: event time more than the allowed clock skew (default 5 s) ahead of the engine's wall clock at receipt.
    /// The order watermark does not move, so one far-future tick cannot block a symbol.
    /// </summary>
    FutureTimestamp = 23,
    /// <summary>A trade more than the instrument's <c>max_jump</c> from its reference price (<see cref="PriceBand"/>).</summary>
    PriceOutOfBand = 24,
    /// <summary>A trade of size 0: no volume changed hands, so its price is not a traded price (same policy in import).</summary>
    ZeroSize = 25,
}
