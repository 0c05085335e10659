using System.Globalization;
using System.Net;

namespace TradingEngine.Hosting.Observability;

/// <summary>
/// Where a role serves its metrics and health (<c>--metrics HOST:PORT</c>): <c>:9464</c> is 127.0.0.1:9464 (loopback,
/// the default host), <c>0.0.0.0:9464</c> every interface (what a container needs; see docs/observability.md), port 0
/// a free port chosen at bind (tests).
/// </summary>
public sealed record MetricsAddress(IPAddress Host, int Port)
{
    /// <summary>The conventional port of this engine's endpoint (Prometheus' registry of default exporter ports lists 9464 for OpenTelemetry's exporter).</summary>
    public const int DefaultPort = 9464;

    /// <summary>Parses <paramref name="text"/>; the error names the value and what was expected.</summary>
    public static bool TryParse(string? text, out MetricsAddress address, out string error)
    {
        address = new MetricsAddress(IPAddress.Loopback, DefaultPort);
        error = "";
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon < 0)
        {
            error = $"--metrics '{text}' is not HOST:PORT (:9464 for 127.0.0.1:9464, 0.0.0.0:9464 for every interface)";
            return false;
        }
        var hostText = text[..colon].Trim('[', ']');
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"--metrics '{text}': port '{portText}' is not a number from 0 to 65535";
            return false;
        }
        IPAddress host;
        if (hostText.Length == 0 || hostText == "localhost")
            host = IPAddress.Loopback;
        else if (!IPAddress.TryParse(hostText, out host!))
        {
            error = $"--metrics '{text}': host '{hostText}' is not an IP address (127.0.0.1, 0.0.0.0, ::1) or localhost";
            return false;
        }
        address = new MetricsAddress(host, port);
        return true;
    }

    public override string ToString() => Host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
        : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
