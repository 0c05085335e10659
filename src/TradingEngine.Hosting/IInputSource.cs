namespace TradingEngine.Hosting;

/// <summary>
/// Where input comes from: NATS core subjects, the engine's JetStream stream, later the HTTP gateway or a timer. A
/// source publishes each event into its symbol's input ring (<see cref="InputRings.Routes"/>: one ring per executor);
/// the host journals and runs whatever the rings receive, so every source gets journaling, recovery and replay alike.
/// </summary>
public interface IInputSource : IAsyncDisposable
{
    /// <summary>For logs and the run summary (<c>nats core</c>, <c>jetstream te-engine</c>).</summary>
    string Name { get; }

    /// <summary>Starts publishing into <paramref name="rings"/>; returns once the source receives (its subscriptions are live).</summary>
    Task StartAsync(InputRings rings, CancellationToken cancellationToken);

    /// <summary>
    /// Stops taking input. Called first at shutdown, before the rings drain; a source that acknowledges upstream only
    /// what is journaled (JetStream) may wait here for <see cref="InputRings.WaitUntilDrained"/> and its last acks.
    /// </summary>
    ValueTask StopAsync();
}
