using System.CommandLine;
using TradingEngine.Hosting.Observability;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>--metrics HOST:PORT</c> of every long-running command (docs/observability.md): off by default; <c>:9464</c> is
/// 127.0.0.1:9464, <c>0.0.0.0:9464</c> every interface. A value that is not an address is a parse error naming it.
/// </summary>
internal static class MetricsOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--metrics")
        {
            Description = "serve GET /metrics (Prometheus), /healthz and /readyz on HOST:PORT (:9464 is 127.0.0.1:9464; 0.0.0.0:9464 exposes it to the network; default: off)",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !MetricsAddress.TryParse(text, out _, out var error))
                result.AddError(error);
        });
        return option;
    }

    /// <summary>The address asked for, or null when <c>--metrics</c> is not given.</summary>
    public static MetricsAddress? Address(ParseResult result, Option<string?> option) =>
        result.GetValue(option) is { } text && MetricsAddress.TryParse(text, out var address, out _) ? address : null;

    /// <summary>
    /// Starts the endpoint (null when <paramref name="address"/> or <paramref name="source"/> is); a port that cannot be
    /// bound is one line on stderr naming the address, and <paramref name="failed"/>: the caller exits 2.
    /// </summary>
    public static MetricsEndpoint? Start(string command, MetricsAddress? address, IMetricsSource? source, out bool failed)
    {
        failed = false;
        if (address is null || source is null)
            return null;
        try
        {
            var endpoint = MetricsEndpoint.Start(address, source);
            Console.Error.WriteLine($"{command}: metrics on http://{endpoint.Address}/metrics (and /healthz, /readyz)");
            return endpoint;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"{command}: {ex.Message}");
            failed = true;
            return null;
        }
    }
}
