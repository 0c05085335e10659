using NATS.Client.Core;
using TradingEngine.Types;

namespace TradingEngine.Nats;

public sealed partial class MarketDataIngestor
{
    private ValueTask OnMessageDroppedAsync(object? sender, NatsMessageDroppedEventArgs args)
    {
        Counters.OnDropped();
        // the dropped message was never decoded: the subject names the symbol, the time is the newest we saw
        if (NatsSubjects.TryParseInput(args.Subject, out _, out var name, out _) && _symbols.TryGet(name, out var symbol))
            IngestionStage.PublishGap(_routes, Counters, symbol, NewestEventTimes().GetValueOrDefault(symbol), 1, GapReason.SlowConsumer);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnDisconnectedAsync(object? sender, NatsEventArgs args)
    {
        Interlocked.Exchange(ref _disconnected, 1);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnOpenedAsync(object? sender, NatsEventArgs args)
    {
        if (Interlocked.Exchange(ref _disconnected, 0) == 0)
            return ValueTask.CompletedTask;
        // core NATS does not replay what was published while we were away: every symbol may have lost input
        foreach (var (symbol, newest) in NewestEventTimes())
            IngestionStage.PublishGap(_routes, Counters, symbol, newest, 0, GapReason.Reconnect);
        // counted once its gaps are in the ring, so whoever sees the count (an operator, a test) sees them too
        Counters.OnReconnect();
        return ValueTask.CompletedTask;
    }

    private Dictionary<SymbolId, long> NewestEventTimes()
    {
        var newest = new Dictionary<SymbolId, long>();
        lock (_stages)
        {
            foreach (var stage in _stages)
                stage.Order.CollectNewest(newest);
        }
        return newest;
    }
}
