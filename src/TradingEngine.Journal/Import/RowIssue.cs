namespace TradingEngine.Journal.Import;

/// <summary>Why a validator objected to an input row. One reason per row: the first one found.</summary>
public enum RowIssue : byte
{
    None = 0,
    /// <summary>Wrong field count, or a field that is not the number, date or code its column holds.</summary>
    Malformed = 1,
    /// <summary>The vendor flagged the row as suspicious (AlgoSeek's flag in Lean data).</summary>
    Suspicious = 2,
    /// <summary>
    /// A trade or bar with size/volume 0 (implied or spread-leg prints, empty bars). A zero-size <em>trade</em> is
    /// always dropped, whatever the policy, as live ingestion refuses it (<see cref="TradingEngine.Types.RejectReason.ZeroSize"/>).
    /// </summary>
    ZeroSize = 3,
    NegativeSize = 4,
    /// <summary>A price that is zero or negative where a positive price is required.</summary>
    NonPositivePrice = 5,
    /// <summary>OHLC out of shape: high below low, open or close outside [low, high].</summary>
    InconsistentOhlc = 6,
    /// <summary>The timestamp goes backwards relative to the previous accepted row.</summary>
    OutOfOrder = 7,
    /// <summary>A required field (timestamp, price) is empty.</summary>
    MissingValue = 8,
    /// <summary>A number with more decimals than the instrument's precision (or than 9), or too large for a 64-bit raw value: it cannot be held exactly.</summary>
    PrecisionExceeded = 9,
    /// <summary>A trade further than the instrument's <c>max_jump</c> from its reference price (<see cref="TradingEngine.Types.PriceBand"/>); always dropped, as live ingestion refuses it.</summary>
    PriceOutOfBand = 10,
    /// <summary>A price that is not a whole number of the instrument's tick size (kept and flagged, or rejected).</summary>
    OffTick = 11,
}
