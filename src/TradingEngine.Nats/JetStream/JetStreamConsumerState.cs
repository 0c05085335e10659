using NATS.Client.Core;
using NATS.Client.JetStream;

namespace TradingEngine.Nats;

/// <summary>
/// Where the engine's durable consumer stands in its stream, as the server reports it (for the metrics): messages not
/// yet delivered, delivered but not acked, and the ack floor (every stream sequence up to it is acked).
/// </summary>
public readonly record struct JetStreamConsumerState(long Pending, long AckPending, long AckFloor, long Delivered)
{
    /// <summary>Asks the server for consumer <paramref name="consumer"/> of <paramref name="stream"/>; throws when either is missing or the server is unreachable.</summary>
    public static async Task<JetStreamConsumerState> ReadAsync(NatsConnection connection, string stream, string consumer, CancellationToken cancellationToken)
    {
        var js = new NatsJSContext(connection);
        var info = (await js.GetConsumerAsync(stream, consumer, cancellationToken).ConfigureAwait(false)).Info;
        return new JetStreamConsumerState((long)info.NumPending, info.NumAckPending, (long)info.AckFloor.StreamSeq, (long)info.Delivered.StreamSeq);
    }
}
