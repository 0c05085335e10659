namespace TradingEngine.Nats;

/// <summary>A starting engine found another engine already consuming its JetStream stream (<see cref="JetStreamOwnership"/>).</summary>
internal sealed class JetStreamOwnerConflictException(string stream, string consumer, IReadOnlyList<string> owners)
    : InvalidOperationException(
        $"JetStream stream '{stream}' is already consumed by another engine ({string.Join("; ", owners)}): two engines on one stream and " +
        $"durable consumer ('{consumer}') would each journal part of its messages and ack the other's. Stop that engine first, or give " +
        "this one its own --stream and --consumer (and symbols of its own)")
{
    public string Stream { get; } = stream;

    /// <summary>What the running engine(s) said about themselves: consumer, pid, host, since when.</summary>
    public IReadOnlyList<string> Owners { get; } = owners;
}
