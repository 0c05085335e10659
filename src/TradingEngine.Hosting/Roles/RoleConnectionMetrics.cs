using NATS.Client.Core;
using TradingEngine.Hosting.Observability;
using TradingEngine.Nats;

namespace TradingEngine.Hosting.Roles;

/// <summary>
/// What every NATS role exports about its connections on <c>--metrics</c>: <c>te_nats_connected{connection}</c> per
/// connection, and ready while both are open (a role that needs more, the sink's database, sets its own readiness after).
/// </summary>
public static class RoleConnectionMetrics
{
    public static void Export(RoleMetrics m, NatsConnectionPair connections)
    {
        Connected(m, "external", connections.External);
        if (!connections.IsShared)
            Connected(m, "internal", connections.Internal);
        m.Ready(() => connections.External.ConnectionState != NatsConnectionState.Open ? HealthStatus.Down($"external NATS connection {connections.External.ConnectionState}")
            : connections.Internal.ConnectionState != NatsConnectionState.Open ? HealthStatus.Down($"internal NATS connection {connections.Internal.ConnectionState}")
            : HealthStatus.Up("connected"));
    }

    private static void Connected(RoleMetrics m, string name, NatsConnection connection) =>
        m.Gauge("te_nats_connected", "1 while the connection is open.", () => connection.ConnectionState == NatsConnectionState.Open ? 1 : 0, "connection", name);
}
