namespace TradingEngine.Types;

/// <summary>
/// The tag of <c>Price</c> (<c>Fixed&lt;PriceTag&gt;</c>, aliased in Directory.Build.props). The precision comes from the
/// instrument registry (ES 2, 6E 5, US equities 4, Databento feeds up to 9), so every instrument in the data this engine
/// reads is held exactly; the range is ±9.2e18 raw units, which holds 4e13 at 4 decimals.
/// </summary>
public readonly struct PriceTag : IFixedPointTag
{
    public static string Noun => "price";
}
