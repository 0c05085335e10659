namespace TradingEngine.Types;

/// <summary>
/// The one spelling of a catalog enum's value outside the engine: snake_case of the member name ("BuySide" →
/// "buy_side"), the same bytes the JSON codec writes (<see cref="EnumText{TEnum}"/>), as a string for subjects and
/// database columns. Built once per enum type; no allocation per call.
/// </summary>
public static class WireName
{
    /// <summary>The wire name of <paramref name="value"/>; throws for a value that is not a member.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : unmanaged, Enum => EnumText<TEnum>.StringOf(value);
}
