using NATS.Client.Core;

namespace TradingEngine.Nats;

/// <summary>
/// How a subscription read by a loop of its own stops: unsubscribe (the server sends no more; the loop reads what it
/// already has, then its channel completes), give the loop 5 s to hand that on, cancel it after that, and dispose.
/// </summary>
internal static class SubscriptionShutdown
{
    public static async ValueTask StopAsync<T>(INatsSub<T>? subscription, Task? loop, CancellationTokenSource stop)
    {
        if (subscription is not null)
        {
            try
            {
                await subscription.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NatsException or ObjectDisposedException)
            {
                // connection already closed
            }
        }
        if (loop is not null)
        {
            if (await Task.WhenAny(loop, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false) != loop)
                await stop.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
        }
        if (subscription is not null)
            await subscription.DisposeAsync().ConfigureAwait(false);
        stop.Dispose();
    }
}
