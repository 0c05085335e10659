using NATS.Client.Core;

namespace TradingEngine.Nats;

/// <summary>
/// The external connection (market data in, public JSON out, dead letters) and the internal one (binary
/// internal subjects). One connection serves both unless an internal endpoint is configured: DESIGN §5 allows
/// the two layers to live on different servers or accounts.
/// </summary>
public sealed class NatsConnectionPair : IAsyncDisposable
{
    private NatsConnectionPair(NatsConnection external, NatsConnection @internal, NatsEndpoint externalEndpoint, NatsEndpoint internalEndpoint)
    {
        External = external;
        Internal = @internal;
        ExternalEndpoint = externalEndpoint;
        InternalEndpoint = internalEndpoint;
    }

    public NatsConnection External { get; }
    public NatsConnection Internal { get; }
    public NatsEndpoint ExternalEndpoint { get; }
    public NatsEndpoint InternalEndpoint { get; }
    public bool IsShared => ReferenceEquals(External, Internal);

    /// <summary>Both connections are open (a role's readiness: <c>/readyz</c>).</summary>
    public bool IsConnected => External.ConnectionState == NatsConnectionState.Open && Internal.ConnectionState == NatsConnectionState.Open;

    public static async Task<NatsConnectionPair> ConnectAsync(NatsEndpoint external, NatsEndpoint? @internal = null, int subPendingCapacity = 65_536, CancellationToken cancellationToken = default)
    {
        var ext = await NatsConnector.ConnectAsync(external, subPendingCapacity, cancellationToken).ConfigureAwait(false);
        if (@internal is null || @internal == external)
            return new NatsConnectionPair(ext, ext, external, external);
        try
        {
            var inn = await NatsConnector.ConnectAsync(@internal, subPendingCapacity, cancellationToken).ConfigureAwait(false);
            return new NatsConnectionPair(ext, inn, external, @internal);
        }
        catch
        {
            await ext.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsShared)
            await Internal.DisposeAsync().ConfigureAwait(false);
        await External.DisposeAsync().ConfigureAwait(false);
    }
}
