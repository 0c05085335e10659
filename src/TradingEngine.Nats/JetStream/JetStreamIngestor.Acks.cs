using NATS.Client.Core;
using NATS.Client.JetStream;

namespace TradingEngine.Nats;

public sealed partial class JetStreamIngestor
{
    /// <summary>
    /// Every <see cref="JetStreamOptions.AckInterval"/>: acks the newest message whose ring slot its ring's journal has
    /// made durable, every earlier one (in any ring) durable too. Ack policy all: that one ack covers every earlier
    /// message of the consumer, read back ones included.
    /// </summary>
    private async Task AckAsync(CancellationToken cancellationToken)
    {
        INatsJSMsg<NatsMemoryOwner<byte>>? unsent = null;
        using var timer = new PeriodicTimer(_options.AckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                INatsJSMsg<NatsMemoryOwner<byte>>? newest = null;
                while (_pending.TryPeek(out var p) && (p.Ring < 0 || p.RingSequence <= _durable[p.Ring].Value))
                {
                    _pending.TryDequeue(out _);
                    newest = p.Message ?? newest;
                }
                newest ??= unsent;
                if (newest is null)
                    continue;
                try
                {
                    await newest.AckAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    Counters.OnAck();
                    unsent = null;
                }
                catch (Exception ex) when (ex is NatsException or TimeoutException)
                {
                    unsent = newest; // disconnected: retry, unless a newer ack covers it first
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits until every admitted message has been acked (or the timeout passes); for shutdown and tests.</summary>
    public async Task<bool> WaitForAcksAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_pending.IsEmpty)
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(_options.AckInterval, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }
}
