using System.Security.Authentication;
using NATS.Client.Core;

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
        var all = string.Join(" / ", reasons);
        // TLS first: .NET calls a failed handshake "authentication", which is not about our credentials
        var tls = Contains<AuthenticationException>(ex) || all.Contains("TLS", StringComparison.OrdinalIgnoreCase)
                  || all.Contains("SSL", StringComparison.OrdinalIgnoreCase) || all.Contains("certificate", StringComparison.OrdinalIgnoreCase);
        var auth = !tls && (all.Contains("Authorization", StringComparison.OrdinalIgnoreCase)
                            || all.Contains("Authentication", StringComparison.OrdinalIgnoreCase)
                            || all.Contains("user", StringComparison.OrdinalIgnoreCase) && all.Contains("violation", StringComparison.OrdinalIgnoreCase));
        var what = auth ? "refused the credentials" : tls ? "failed the TLS handshake" : "could not be reached";
        return new NatsConnectionRefusedException($"NATS server {endpoint} {what}: {all}", ex)
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
