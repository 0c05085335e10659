namespace TradingEngine.Gateway;

/// <summary>The gateway's endpoints, written once: the server maps these and the OpenAPI test compares docs/gateway.openapi.json with them.</summary>
internal static class GatewayRoutes
{
    public const string Batches = "/v1/md/batches";
    public const string Health = "/healthz";
    public const string Ready = "/readyz";

    /// <summary>(method, path) of every endpoint.</summary>
    public static IReadOnlyList<(string Method, string Path)> All { get; } = [("POST", Batches), ("GET", Health), ("GET", Ready)];
}
