namespace TradingEngine.Types;

/// <summary>Bit flags on a <see cref="Tick"/>: which optional fields are present, and data-quality marks.</summary>
[Flags]
public enum TickFlags : byte
{
    None = 0,
    HasBid = 1,
    HasAsk = 2,
    /// <summary>The vendor flagged the print as suspicious (AlgoSeek's flag in Lean data).</summary>
    Suspicious = 4,
    /// <summary>Kept by an import policy although a validator objected (the reason is in the import report).</summary>
    Flagged = 8,
}
