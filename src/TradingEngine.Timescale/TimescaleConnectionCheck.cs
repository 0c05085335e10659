using System.Net.Sockets;
using Npgsql;

namespace TradingEngine.Timescale;

/// <summary>
/// Opens one connection at start, so a wrong password or a missing database is a clear, fatal error before anything
/// runs, instead of a sink that retries forever and only counts failed attempts. Every caller that writes to or reads
/// from PostgreSQL (<c>te run --pg</c>, <c>te sink run | migrate | status</c>) checks first.
/// </summary>
public static class TimescaleConnectionCheck
{
    /// <summary>Throws <see cref="TimescaleConnectionException"/> naming the server's reason when the connection cannot be opened.</summary>
    public static async Task VerifyAsync(TimescaleOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            await using var connection = new NpgsqlConnection(options.EffectiveConnectionString());
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            // the server answered: class 28 is "invalid authorization specification" (28P01 wrong password, 28000 no
            // pg_hba entry or unknown role); over TLS too, since the server only answers after the handshake
            var auth = ex.SqlState.StartsWith("28", StringComparison.Ordinal);
            throw new TimescaleConnectionException(
                $"PostgreSQL {options.SafeDescription} {(auth ? "refused the credentials" : "refused the connection")}: {ex.SqlState}: {ex.MessageText}", ex)
            {
                IsAuthenticationFailure = auth,
                SqlState = ex.SqlState,
            };
        }
        catch (NpgsqlException ex)
        {
            var unreachable = ex.InnerException is SocketException or TimeoutException || ex.IsTransient;
            throw new TimescaleConnectionException($"PostgreSQL {options.SafeDescription} {(unreachable ? "could not be reached" : "failed")}: {Reasons(ex)}", ex)
            {
                IsUnreachable = unreachable,
            };
        }
    }

    private static string Reasons(Exception ex)
    {
        var reasons = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(e.Message) && !reasons.Contains(e.Message))
                reasons.Add(e.Message);
        }
        return string.Join(" / ", reasons);
    }
}
