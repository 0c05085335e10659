using System.Security.Cryptography;
using System.Text;

namespace TradingEngine.Gateway;

/// <summary>
/// Bearer token → feeder: the presented token is hashed (SHA-256) and looked up among the configured hashes; the token
/// is never kept, compared in clear or logged. Hashes are compared in constant time.
/// </summary>
internal sealed class FeederAuthenticator
{
    private readonly (byte[] Hash, FeederCredential Feeder)[] _feeders;

    public FeederAuthenticator(IEnumerable<FeederCredential> feeders) =>
        _feeders = [.. feeders.Select(f => (Convert.FromHexString(f.TokenSha256), f))];

    /// <summary>The feeder of an <c>Authorization</c> header value, or null with why (the 401's detail; it never quotes the token).</summary>
    public FeederCredential? Authenticate(string? authorization, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(authorization))
        {
            problem = "no Authorization header (expected: Authorization: Bearer <token>)";
            return null;
        }
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= 7)
        {
            problem = "the Authorization header is not a bearer token (expected: Authorization: Bearer <token>)";
            return null;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(authorization.AsSpan(7).Trim().ToString()));
        FeederCredential? found = null;
        foreach (var (h, f) in _feeders)
        {
            if (CryptographicOperations.FixedTimeEquals(h, hash))
                found = f;
        }
        if (found is null)
            problem = "the bearer token is not one of the gateway's feeders";
        return found;
    }
}
