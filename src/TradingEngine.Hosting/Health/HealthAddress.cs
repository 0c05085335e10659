using System.Globalization;
using System.Net;

namespace TradingEngine.Hosting.Health;

/// <summary>
/// The <c>--metrics HOST:PORT</c> value: <c>:9464</c> is 127.0.0.1:9464 (the loopback, so nothing is exposed unless
/// asked), <c>0.0.0.0:9464</c> every interface (what a Kubernetes probe needs), <c>[::1]:9464</c> an IPv6 address.
/// </summary>
public static class HealthAddress
{
    public const string Expected = "HOST:PORT (:9464 for 127.0.0.1:9464, 0.0.0.0:9464 for every interface)";

    public static bool TryParse(string? text, out IPEndPoint endpoint, out string error)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        error = "";
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon < 0)
        {
            error = $"'{text}' is not {Expected}";
            return false;
        }
        var host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"'{text}': the port '{text[(colon + 1)..]}' is not a number from 1 to 65535";
            return false;
        }
        IPAddress address;
        if (host.Length == 0)
            address = IPAddress.Loopback;
        else if (host == "localhost")
            address = IPAddress.Loopback;
        else if (!IPAddress.TryParse(host, out address!))
        {
            error = $"'{text}': the host '{host}' is not an IP address (or localhost); expected {Expected}";
            return false;
        }
        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
