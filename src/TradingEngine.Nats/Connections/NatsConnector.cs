using System.Security.Authentication;
using NATS.Client.Core;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>Opens a <see cref="NatsConnection"/> for a <see cref="NatsEndpoint"/> and turns failures into clear errors.</summary>
public static class NatsConnector
{
    public static async Task<NatsConnection> ConnectAsync(NatsEndpoint endpoint, int subPendingCapacity = 65_536, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var connection = new NatsConnection(endpoint.ToNatsOpts(subPendingCapacity));
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(endpoint.ConnectTimeout + TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Describe(endpoint, ex);
        }
    }

    internal static NatsConnectionRefusedException Describe(NatsEndpoint endpoint, Exception ex)
    {
        var reasons = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(e.Message) && !reasons.Contains(e.Message))
                reasons.Add(e.Message);
        }
        // the library's text may quote the URL (with its user info) or a credential: redact before anything else
        var all = SecretRedactor.Redact(string.Join(" / ", reasons), endpoint.Password, endpoint.Token);
        // the server's own verdict first: "-ERR 'Authorization Violation'" arrives after a good TLS handshake, so a
        // wrong password over TLS is an auth failure, not a TLS one
        var serverRefused = all.Contains("Authorization Violation", StringComparison.OrdinalIgnoreCase)
                            || all.Contains("Authentication Expired", StringComparison.OrdinalIgnoreCase)
                            || all.Contains("Authentication Revoked", StringComparison.OrdinalIgnoreCase)
                            || all.Contains("user", StringComparison.OrdinalIgnoreCase) && all.Contains("violation", StringComparison.OrdinalIgnoreCase);
        // then TLS: .NET calls a failed handshake "authentication", which is not about our credentials
        var tls = !serverRefused && (Contains<AuthenticationException>(ex) || all.Contains("TLS", StringComparison.OrdinalIgnoreCase)
                  || all.Contains("SSL", StringComparison.OrdinalIgnoreCase) || all.Contains("certificate", StringComparison.OrdinalIgnoreCase));
        var auth = serverRefused || !tls && (all.Contains("Authorization", StringComparison.OrdinalIgnoreCase)
                                             || all.Contains("Authentication", StringComparison.OrdinalIgnoreCase));
        var what = auth ? "refused the credentials" : tls ? "failed the TLS handshake" : "could not be reached";
        return new NatsConnectionRefusedException($"NATS server {endpoint} {what}: {all}", ex, endpoint.Password, endpoint.Token)
        {
            IsAuthorizationFailure = auth,
            IsTlsFailure = tls,
        };
    }

    private static bool Contains<T>(Exception ex) where T : Exception
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is T)
                return true;
        }
        return false;
    }
}
