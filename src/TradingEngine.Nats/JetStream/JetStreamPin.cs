using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace TradingEngine.Nats;

/// <summary>
/// Keeps an executor's input stream holding everything after its newest snapshot on the bus (docs/scaling.md, "State
/// on the bus"). The stream has interest retention: a message leaves once every consumer has acked it, and the
/// executor's durable acks what its <em>local</em> journal has, which an executor restarted on another node does not
/// have. The pin is a second durable consumer on the stream (ack policy all, headers only) that is acked only through
/// S, the last stream sequence the newest uploaded snapshot covers: the stream keeps every message after S until the
/// next snapshot moves the pin. Storage: what the stream takes in one snapshot interval, bounded by the stream's max
/// bytes with discard new, so a stalled upload becomes back-pressure on the publishers, never a silent loss.
/// (An acked pin, not a new consumer started after S: nats-server 2.9 does not remove the messages a deleted
/// consumer alone held, so a pin moved by replacing consumers would keep everything.)
/// </summary>
public static class JetStreamPin
{
    /// <summary>The pin's durable consumer name for executor group key <paramref name="key"/>.</summary>
    public static string Name(string key) => "te-pin-" + key;

    /// <summary>Creates the pin, unless it exists, keeping everything after <paramref name="startAfter"/>. Call before anything is acked.</summary>
    public static async Task EnsureAsync(INatsJSContext js, string stream, string name, long startAfter, CancellationToken cancellationToken)
    {
        try
        {
            await js.GetConsumerAsync(stream, name, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            await js.CreateOrUpdateConsumerAsync(stream, new ConsumerConfig(name)
            {
                AckPolicy = ConsumerConfigAckPolicy.All,
                HeadersOnly = true, // moving it reads sequences, not payloads
                AckWait = TimeSpan.FromMinutes(5),
                MaxAckPending = -1,
                DeliverPolicy = startAfter > 0 ? ConsumerConfigDeliverPolicy.ByStartSequence : ConsumerConfigDeliverPolicy.All,
                OptStartSeq = startAfter > 0 ? (ulong)startAfter + 1 : 0,
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Acks the pin through stream sequence <paramref name="coveredThrough"/> (never back): the stream may then drop
    /// what both the executor's durable and the pin have acked. Returns the pin's ack floor.
    /// </summary>
    public static async Task<long> MoveAsync(INatsJSContext js, string stream, string name, long coveredThrough, CancellationToken cancellationToken)
    {
        var consumer = await js.GetConsumerAsync(stream, name, cancellationToken).ConfigureAwait(false);
        var floor = (long)consumer.Info.AckFloor.StreamSeq;
        while (floor < coveredThrough)
        {
            // the stream is contiguous above the pin's floor (the pin holds it, discard new never drops old messages):
            // the next messages are floor + 1 .. coveredThrough
            var want = (int)Math.Min(coveredThrough - floor, 1000);
            INatsJSMsg<NatsMemoryOwner<byte>>? last = null;
            var lastSequence = floor;
            await foreach (var msg in consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = want, Expires = TimeSpan.FromSeconds(5) },
                NatsRawSerializer<NatsMemoryOwner<byte>>.Default, cancellationToken).ConfigureAwait(false))
            {
                msg.Data.Dispose();
                var sequence = (long)(msg.Metadata?.Sequence.Stream ?? 0);
                if (sequence > lastSequence && sequence <= coveredThrough)
                {
                    last = msg;
                    lastSequence = sequence;
                }
            }
            if (last is null)
                break; // nothing more to read through coveredThrough (the stream does not hold it yet)
            await last.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false); // ack policy all: every message up to it
            floor = lastSequence;
        }
        return floor;
    }
}
