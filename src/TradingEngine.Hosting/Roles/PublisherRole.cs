using TradingEngine.Hosting.Observability;
using TradingEngine.Nats;

namespace TradingEngine.Hosting.Roles;

/// <summary>
/// The external publisher as its own process (<c>te publish</c>, <c>te serve publisher</c>; the seed's K3s model),
/// composed here and nowhere else: binary frames from the internal subjects (internal connection) republished as the
/// versioned public JSON (external connection) by <see cref="ExternalPublisher"/>; a frame that does not decode is
/// dead-lettered with its reason. Pair it with <c>te run --no-public</c>.
/// <para>Life: <see cref="StartAsync"/> (connected, subscribed, counters on the role's <c>--metrics</c>), then
/// <see cref="Stop"/> (readiness cleared, the counts of the summary), then <see cref="DisposeAsync"/>.</para>
/// </summary>
public sealed class PublisherRole : IAsyncDisposable
{
    /// <summary>The <c>source</c> field of the JSON this process writes.</summary>
    public const string Source = "te-publish";

    private NatsConnectionPair? _connections;
    private ExternalPublisher? _publisher;
    private RoleMetrics? _metrics;

    private PublisherRole()
    {
    }

    /// <summary>Where the frames come from and go to, for the start line (<c>internal nats://… -&gt; public nats://…</c>).</summary>
    public string Route => $"internal {_connections!.InternalEndpoint} -> public {_connections.ExternalEndpoint}";

    /// <summary>Connects (a refused connection throws <see cref="NatsConnectionRefusedException"/>) and subscribes; <paramref name="metrics"/> gets the publisher's counters and is set running.</summary>
    public static async Task<PublisherRole> StartAsync(NatsEndpoint external, NatsEndpoint? @internal, RoleMetrics metrics, CancellationToken cancellationToken)
    {
        var role = new PublisherRole();
        await RoleLifetime.StartOrDisposeAsync(role, async () =>
        {
            role._connections = await NatsConnectionPair.ConnectAsync(external, @internal, cancellationToken: cancellationToken).ConfigureAwait(false);
            role._publisher = new ExternalPublisher(role._connections.Internal, role._connections.External, Source);
            await role._publisher.StartAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        role.Export(metrics);
        role._metrics = metrics;
        metrics.Running = true;
        return role;
    }

    /// <summary>Clears readiness and counts what was done; the subscription ends at <see cref="DisposeAsync"/>.</summary>
    public PublisherRoleSummary Stop()
    {
        _metrics?.Running = false;
        return new PublisherRoleSummary(_publisher!.Published, _publisher.Failed, _publisher.Rejects.RejectedTotal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_publisher is not null)
            await _publisher.DisposeAsync().ConfigureAwait(false);
        if (_connections is not null)
            await _connections.DisposeAsync().ConfigureAwait(false);
    }

    // what the publisher exports on --metrics (docs/observability.md)
    private void Export(RoleMetrics m)
    {
        var publisher = _publisher!;
        m.Counter("te_published_total", "Outputs republished as public JSON.", () => publisher.Published, "layer", "public")
            .Counter("te_publish_failures_total", "Publishes that failed (NATS down).", () => publisher.Failed)
            .Counter("te_dead_letters_total", "Internal frames that could not be decoded, dead-lettered.", () => publisher.Rejects.RejectedTotal);
        RoleConnectionMetrics.Export(m, _connections!);
    }
}
