using NATS.Client.Core;
using TradingEngine.Dashboard.Streaming;
using TradingEngine.Gateway;
using TradingEngine.Hosting.Observability;
using TradingEngine.Hosting.Roles;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// What each role other than <c>te run</c> exports on <c>--metrics</c> (docs/observability.md): its own counters, read
/// on each scrape, and when it is ready (its NATS connection open). The sink and the publisher export theirs from the host
/// (<see cref="SinkRole"/>, <see cref="PublisherRole"/>).
/// </summary>
internal static class RoleMetricSets
{
    private static readonly RejectReason[] Reasons = Enum.GetValues<RejectReason>().Where(r => r != RejectReason.None).ToArray();

    public static void Gateway(RoleMetrics m, GatewayServer gateway)
    {
        var c = gateway.Counters;
        m.Counter("te_gateway_batches_total", "Batches the gateway took (POST /v1/md/batches).", () => c.Batches)
            .Counter("te_gateway_duplicate_batches_total", "Batches sent again by a feeder (answered from the mark, not stored twice).", () => c.DuplicateBatches)
            .Counter("te_gateway_rows_accepted_total", "Rows published into the engine's stream.", () => c.RowsAccepted)
            .Counter("te_gateway_stream_duplicates_total", "Rows the stream refused as duplicates.", () => c.StreamDuplicates)
            .Counter("te_gateway_dead_letters_total", "Rejected rows published to deadletter.<subject>.", () => gateway.DeadLettered);
        foreach (var reason in Reasons)
            m.Counter("te_gateway_rows_rejected_total", "Rows rejected, by reason.", () => c.Rejected(reason), "reason", reason.ToString());
        foreach (var status in (int[])[200, 207, 400, 401, 403, 409, 413, 429, 503])
            m.Counter("te_gateway_responses_total", "HTTP responses, by status.", () => c.Responses(status), "status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // ready: its own GET /readyz asks the stream (docs/gateway.md); here, ready while it runs
    }

    public static void Dashboard(RoleMetrics m, DashboardHub hub, Func<long> rejected, NatsConnectionPair connections)
    {
        m.Counter("te_dashboard_outputs_total", "Outputs received from the internal subjects.", () => hub.Stats().LastId)
            .Counter("te_dashboard_frames_rejected_total", "Frames that could not be decoded.", () => rejected())
            .Gauge("te_dashboard_clients", "Browsers connected.", () => hub.Stats().Clients)
            .Gauge("te_dashboard_clients_behind", "Browsers whose queue is full (they get a resync).", () => hub.Stats().ClientsBehind)
            .Counter("te_dashboard_forming_dropped_total", "Forming-candle updates dropped for slow browsers.", () => hub.Stats().DroppedForming)
            .Counter("te_dashboard_resyncs_total", "Resyncs sent to browsers that fell behind.", () => hub.Stats().Resyncs);
        RoleConnectionMetrics.Export(m, connections);
    }
}
