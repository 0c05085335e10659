using System.Net.Sockets;
using Npgsql;

namespace TradingEngine.Perf;

/// <summary>
/// Servers some suites need. When every suite runs (<c>TradingEngine.Perf --quick</c>), a suite whose server is not
/// reachable is skipped with the reason, so the run stays green on a machine without them.
/// </summary>
public static class SuitePrerequisites
{
    /// <summary>Why <paramref name="suite"/> cannot run here, or null when it can.</summary>
    public static string? Missing(ISuite suite, SuiteOptions options) => suite.Name switch
    {
        "sink" => MissingPostgres(options.Value("--pg") ?? Environment.GetEnvironmentVariable("TE_PG")),
        "nats" => MissingNats(options.Value("--nats") ?? Environment.GetEnvironmentVariable("TE_NATS_URL")),
        _ => null,
    };

    private static string? MissingPostgres(string? connection)
    {
        if (string.IsNullOrEmpty(connection))
            return "no PostgreSQL given: set TE_PG or pass --pg CONNECTION (source tests/services.sh && te_services_start starts one and exports TE_PG)";
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException ex)
        {
            return $"TE_PG / --pg is not a PostgreSQL connection string: {ex.Message}";
        }
        var host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host.Split(',')[0];
        return Reachable(host, builder.Port) ? null : $"PostgreSQL at {host}:{builder.Port} (TE_PG / --pg) is not reachable";
    }

    private static string? MissingNats(string? url)
    {
        if (!string.IsNullOrEmpty(url))
        {
            if (!Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "nats://" + url, UriKind.Absolute, out var uri))
                return $"TE_NATS_URL / --nats '{url}' is not a URL";
            var port = uri.Port > 0 ? uri.Port : 4222;
            return Reachable(uri.Host, port) ? null : $"NATS at {uri.Host}:{port} (TE_NATS_URL / --nats) is not reachable";
        }
        // without a URL the suite starts its own nats-server
        return OnPath("nats-server") ? null : "no NATS given (TE_NATS_URL / --nats) and no nats-server on PATH to start one";
    }

    private static bool Reachable(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(3)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
