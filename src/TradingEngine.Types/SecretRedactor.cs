using System.Text.RegularExpressions;

namespace TradingEngine.Types;

/// <summary>
/// The one place that takes credentials out of text before it is printed, logged, thrown or reported
/// (docs/security.md, "what is logged"). Every output path that can carry a URL, a connection string or a library's
/// error text passes through <see cref="Redact"/>: the start banners, the refusal messages, the summaries and the
/// exceptions the commands print.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What a removed secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>
    /// <paramref name="text"/> with every credential removed: the password of a URL's user info
    /// (<c>nats://user:pw@host</c> → <c>nats://user:***@host</c>) or the whole user info when it is a token
    /// (<c>nats://tok@host</c> → <c>nats://***@host</c>); the value of <c>Password=</c>, <c>Pwd=</c>,
    /// <c>SSL Password=</c> and <c>Token=</c> pairs (connection strings); NATS NKey seeds (<c>SU…</c>, <c>SA…</c>,
    /// <c>SO…</c>); and every literal occurrence of <paramref name="knownSecrets"/> (values the caller holds, e.g. the
    /// password it connected with, so a library message quoting it is cleaned too). Secrets shorter than three
    /// characters are not searched for literally (they would mask ordinary words), but are still removed from URLs and
    /// key=value pairs.
    /// </summary>
    public static string Redact(string? text, params ReadOnlySpan<string?> knownSecrets)
    {
        if (string.IsNullOrEmpty(text))
            return text ?? "";
        var result = UrlUserInfo().Replace(text, m => m.Groups["password"].Success
            ? $"{m.Groups["scheme"].Value}{m.Groups["user"].Value}:{Mask}@"
            : $"{m.Groups["scheme"].Value}{Mask}@");
        result = SecretPair().Replace(result, m => $"{m.Groups["key"].Value}{m.Groups["eq"].Value}{Mask}");
        result = NKeySeed().Replace(result, Mask);
        foreach (var secret in knownSecrets)
        {
            if (secret is { Length: >= 3 })
                result = result.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return result;
    }

    // scheme://user[:password]@ ; the password may hold an unescaped '@' (greedy up to the last '@' before a '/' or a space)
    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.\-]*://)(?<user>[^:@/\s,]*)(?<password>:[^\s/]*)?@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();

    // key=value pairs of connection strings; a quoted value may hold ';'
    [GeneratedRegex(@"(?<key>\b(?:password|pwd|ssl\s*password|ssl_password|sslpassword|token|auth_token|nkey_seed)\b)(?<eq>\s*=\s*)(?:""(?:[^""]|"""")*""|'(?:[^']|'')*'|[^;\s,]*)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();

    // an NKey seed: 'S', the key type (User, Account, Operator, server N, Cluster), 56 base32 characters
    [GeneratedRegex(@"\bS[UAONC][A-Z2-7]{56}\b", RegexOptions.CultureInvariant)]
    private static partial Regex NKeySeed();
}
