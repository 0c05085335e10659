namespace TradingEngine.Types;

/// <summary>What a decoder checks on a numeric field beyond its type.</summary>
public enum FieldRule : byte
{
    /// <summary>Any value (deltas, PnL).</summary>
    Any = 0,
    /// <summary>Strictly positive: market prices (zero → <see cref="RejectReason.ZeroPrice"/>, negative → <see cref="RejectReason.NegativePrice"/>).</summary>
    Positive = 1,
    /// <summary>Zero or more: sizes, volumes, counts (negative → <see cref="RejectReason.NegativeSize"/>).</summary>
    NonNegative = 2,
}
