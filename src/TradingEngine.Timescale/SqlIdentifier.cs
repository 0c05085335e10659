using System.Text.RegularExpressions;

namespace TradingEngine.Timescale;

/// <summary>
/// Identifiers that come from configuration (schema names) are spliced into SQL text, so they must match a
/// whitelist: lower-case ASCII letters, digits and underscores, starting with a letter or underscore, at most
/// 63 characters (PostgreSQL's limit), never quoted. Values are never spliced: they go as parameters or COPY fields.
/// </summary>
internal static partial class SqlIdentifier
{
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>Returns <paramref name="name"/> when valid; otherwise throws naming the setting and the rule.</summary>
    public static string Require(string? name, string setting) =>
        IsValid(name)
            ? name!
            : throw new ArgumentException(
                $"{setting} '{name}' is not a valid identifier (expected ^[a-z_][a-z0-9_]{{0,62}}$: lower-case letters, digits, underscores)",
                setting);
}
