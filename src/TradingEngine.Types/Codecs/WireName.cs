using System.Text;
using System.Text.Json;

namespace TradingEngine.Types;

/// <summary>
/// The one spelling of a catalog enum's value outside the engine: snake_case of the member name ("BuySide" →
/// "buy_side"), the same bytes the JSON codec writes (<see cref="EnumText{TEnum}"/>), as a string for subjects and
/// database columns, and the naming policy of the generated JSON Schemas. Built once per enum type; no allocation per call.
/// </summary>
public static class WireName
{
    /// <summary>The wire name of <paramref name="value"/>; throws for a value that is not a member.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : unmanaged, Enum => EnumText<TEnum>.StringOf(value);

    /// <summary>The member whose wire name is exactly <paramref name="name"/> (case-sensitive, no trimming).</summary>
    public static bool TryParse<TEnum>(string name, out TEnum value) where TEnum : unmanaged, Enum =>
        EnumText<TEnum>.TryParse(Encoding.UTF8.GetBytes(name), out value);

    /// <summary>The rule itself: an underscore before every capital but the first, all lower case ("ABCDef" → "a_b_c_def").</summary>
    internal static string SnakeCase(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsAsciiLetterUpper(c))
            {
                if (i > 0)
                    sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary><see cref="SnakeCase"/> as a System.Text.Json naming policy (for the schema DTOs' enum converter).</summary>
    internal static JsonNamingPolicy Policy { get; } = new SnakeCasePolicy();

    private sealed class SnakeCasePolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => SnakeCase(name);
    }
}
