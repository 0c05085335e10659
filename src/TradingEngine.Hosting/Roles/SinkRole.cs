using NATS.Client.Core;
using TradingEngine.Hosting.Consumers;
using TradingEngine.Hosting.Observability;
using TradingEngine.Nats;
using TradingEngine.Timescale.Sink;

namespace TradingEngine.Hosting.Roles;

/// <summary>
/// The standalone database sink (<c>te sink run</c>, <c>te serve sink</c>; the seed's db-sink deployment), composed
/// here and nowhere else: the engine's binary frames from the internal NATS subjects
/// (<see cref="InternalOutputSubscriber{THandler}"/> on <c>*.internal.&gt;</c>) straight into the Timescale sink's
/// <see cref="OutputRingSinkHandler"/>, the same handler the engine's output ring feeds in <c>te run --pg</c>; the sink's
/// writer thread buffers, spills to disk while the database is away, and skips what is below the watermark, so rows are
/// stored once (docs/timescale.md). Core NATS is at most once: a frame never delivered is not stored.
/// <para>Life: <see cref="StartAsync"/> (connected, subscribed, counters on the role's <c>--metrics</c>), then
/// <see cref="StopAsync"/> (unsubscribes, lets the subscriber hand its last chunk over, writes it within 30 s) returns
/// the summary; <see cref="DisposeAsync"/> closes the sink and the connections.</para>
/// </summary>
public sealed class SinkRole : IAsyncDisposable
{
    /// <summary>How long <see cref="StopAsync"/> waits for the database to take the last rows before abandoning them.</summary>
    public static TimeSpan StopTimeout => TimescaleSinkConsumer.StopTimeout;

    private readonly SinkRoleOptions _options;
    private NatsConnectionPair? _connections;
    private TimescaleSink? _sink;
    private InternalOutputSubscriber<InternalOutputSinkHandler>? _subscriber;
    private RoleMetrics? _metrics;
    private bool _subscriberDisposed;

    private SinkRole(SinkRoleOptions options) => _options = options;

    /// <summary>Where the frames come from and go to, for the start line (<c>*.internal.&gt; on nats://… -&gt; schema public, source …</c>).</summary>
    public string Route => $"{InternalOutputSubscriber<InternalOutputSinkHandler>.Subject} on {_connections!.InternalEndpoint} -> schema {_options.Database.Schema}, source {_options.Source}";

    /// <summary>Frames decoded and handed to the sink.</summary>
    public long Received => _subscriber?.Received ?? 0;

    /// <summary>Frames that did not decode.</summary>
    public long Rejected => _subscriber?.Rejected ?? 0;

    /// <summary>
    /// Connects (a refused connection throws <see cref="NatsConnectionRefusedException"/>), starts the sink's writer and
    /// subscribes; <paramref name="metrics"/> gets the sink's counters and readiness and is set running.
    /// </summary>
    public static async Task<SinkRole> StartAsync(SinkRoleOptions options, RoleMetrics metrics, CancellationToken cancellationToken)
    {
        var role = new SinkRole(options);
        await RoleLifetime.StartOrDisposeAsync(role, async () =>
        {
            role._connections = await NatsConnectionPair.ConnectAsync(options.External, options.Internal, cancellationToken: cancellationToken).ConfigureAwait(false);
            var sink = role._sink = options.NodeName is { } nodeName
                ? new TimescaleSink(options.Database, options.Symbols, nodeName)
                : new TimescaleSink(options.Database, options.Symbols, options.NodeNames);
            // the executors' outputs (stream sequences) and the aggregator's candles (core input, sequence 0): a feed each
            var sequenced = sink.OpenFeed(options.Source);
            var unsequenced = sink.OpenFeed(options.Source + ".core");
            sink.Start();
            role._subscriber = new InternalOutputSubscriber<InternalOutputSinkHandler>(role._connections.Internal, options.Symbols, new InternalOutputSinkHandler(sequenced, unsequenced));
            await role._subscriber.StartAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        role.Export(metrics);
        role._metrics = metrics;
        metrics.Running = true;
        return role;
    }

    /// <summary>
    /// Unsubscribes (the subscriber hands what it read, then its last chunk, to the sink), clears readiness, and writes the
    /// rest, but never hangs on a dead database (<see cref="StopTimeout"/>): what it could not write is abandoned, and the
    /// summary says so and counts it (<see cref="SinkRoleSummary.NotStored"/>).
    /// </summary>
    public async Task<SinkRoleSummary> StopAsync()
    {
        await DisposeSubscriberAsync().ConfigureAwait(false);
        _metrics?.Running = false;
        var completed = await TimescaleSinkConsumer.StopWithinAsync(_sink!, StopTimeout).ConfigureAwait(false);
        return new SinkRoleSummary(_subscriber!.Received, _subscriber.Rejected, _subscriber.LastRejection, _sink!.Statistics,
            _options.Database.MaxBufferedBytes, Abandoned: !completed);
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeSubscriberAsync().ConfigureAwait(false);
        if (_sink is not null)
            await _sink.DisposeAsync().ConfigureAwait(false);
        if (_connections is not null)
            await _connections.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask DisposeSubscriberAsync()
    {
        if (_subscriber is null || _subscriberDisposed)
            return;
        _subscriberDisposed = true;
        await _subscriber.DisposeAsync().ConfigureAwait(false);
    }

    // what the sink exports on --metrics (docs/observability.md): its frames, the sink's own families, ready once the database and NATS are connected
    private void Export(RoleMetrics m)
    {
        var sink = _sink!;
        var subscriber = _subscriber!;
        var connections = _connections!;
        var families = new SinkMetrics(() => sink, _options.Database);
        m.Counter("te_sink_frames_received_total", "Binary output frames read from the internal subjects.", () => subscriber.Received)
            .Counter("te_sink_frames_rejected_total", "Frames that could not be decoded.", () => subscriber.Rejected)
            .Families(w =>
            {
                families.Collect();
                families.Write(w);
            });
        RoleConnectionMetrics.Export(m, connections);
        m.Ready(() => !sink.Statistics.Connected ? HealthStatus.Down("the database is not connected (the sink buffers and spills)")
            : connections.Internal.ConnectionState != NatsConnectionState.Open ? HealthStatus.Down($"internal NATS connection {connections.Internal.ConnectionState}")
            : HealthStatus.Up("connected"));
    }
}
