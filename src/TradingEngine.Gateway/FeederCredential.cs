using System.Security.Cryptography;
using System.Text;

namespace TradingEngine.Gateway;

/// <summary>
/// One feeder's entry in the gateway config: its id, the SHA-256 of its bearer token (hex; the token itself is never
/// stored or logged) and the symbols it may send (<c>*</c>: any).
/// </summary>
public sealed record FeederCredential(string Id, string TokenSha256, IReadOnlySet<string> Symbols)
{
    public bool AllowsAnySymbol => Symbols.Contains("*");

    public bool Allows(string symbol) => AllowsAnySymbol || Symbols.Contains(symbol);

    /// <summary>The lowercase hex SHA-256 of a token's UTF-8 bytes, as <c>token_sha256</c> holds it (<c>te gateway --hash-token</c>).</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
