namespace TradingEngine.Types;

/// <summary>
/// The tag of <c>Quantity</c> (<c>Fixed&lt;QuantityTag&gt;</c>, aliased in Directory.Build.props): an exact size or volume.
/// Contracts and shares use precision 0; fractional crypto sizes and notional volumes use up to 9 decimals. Negative
/// sizes are rejected by validation, not by this type (a delta may be negative).
/// </summary>
public readonly struct QuantityTag : IFixedPointTag
{
    public static string Noun => "quantity";
}
