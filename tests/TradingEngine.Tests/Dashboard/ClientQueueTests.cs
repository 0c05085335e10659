using System.Text;
using TradingEngine.Dashboard.Streaming;
using TradingEngine.Types;

namespace TradingEngine.Tests.Dashboard;

public sealed class ClientQueueTests
{
    private readonly SymbolRegistry _symbols = new();
    private readonly SymbolId _es;

    public ClientQueueTests() => _es = _symbols.GetOrAdd("ES");

    private OutputMessage Candle(long open, bool closed) =>
        OutputMessage.From(new Candle
        {
            Symbol = _es, Timeframe = Timeframe.OneMinute, OpenTime = open, CloseTime = open + Timeframe.OneMinute.Nanos,
            PricePrecision = 2, OpenRaw = 100, HighRaw = 110, LowRaw = 90, CloseRaw = 105, VolumeRaw = 1,
            Flags = closed ? CandleFlags.Closed : CandleFlags.None,
        }, -1);

    private DashboardHub Hub(int clientQueue, int history = 1000)
    {
        return new DashboardHub(_symbols, new DashboardHubOptions { ClientQueue = clientQueue, History = history, CandlesPerSeries = 3 });
    }

    [Fact]
    public void A_full_queue_drops_forming_candles_counted_and_makes_the_client_resync_on_anything_else()
    {
        var hub = Hub(clientQueue: 2);
        var client = hub.Attach(null, out var initial, out _);
        Assert.Empty(initial);
        hub.Publish(Candle(0, closed: false));
        hub.Publish(Candle(0, closed: false));
        hub.Publish(Candle(0, closed: false)); // full: a forming update is dropped, counted
        Assert.Equal((2, 1L, false), (client.Count, client.DroppedForming, client.Behind));
        Assert.Equal(1, hub.Stats().DroppedForming);
        hub.Publish(Candle(0, closed: true)); // full: a closed candle is never dropped, the client must resync
        Assert.True(client.Behind);
        Assert.Equal(0, client.Count);
        Assert.False(client.Offer(new DashboardEvent(99, [], forming: false, new CompactShapes().Split("{}"u8).Shape, [])));
    }

    [Fact]
    public void A_client_resumes_after_its_last_id_from_the_history_else_gets_the_snapshot()
    {
        var hub = Hub(clientQueue: 100, history: 4);
        for (var i = 0; i < 6; i++)
            hub.Publish(Candle(i * Timeframe.OneMinute.Nanos, closed: true)); // ids 1..6; history keeps 3..6
        hub.Publish(Candle(6 * Timeframe.OneMinute.Nanos, closed: false)); // id 7; history 4..7

        hub.Attach(since: 4, out var resumed, out var wasResumed);
        Assert.True(wasResumed);
        Assert.Equal([5L, 6L, 7L], resumed.Select(e => e.Id));

        hub.Attach(since: 1, out var snapshot, out wasResumed); // 2 and 3 are gone: the snapshot instead
        Assert.False(wasResumed);
        // the last 3 closed candles of the series, then the forming one
        Assert.Equal([4L, 5L, 6L, 7L], snapshot.Select(e => e.Id));
        var frame = Encoding.UTF8.GetString(snapshot[0].Frame);
        Assert.StartsWith("{\"id\":4,\"m\":{", frame, StringComparison.Ordinal);
        Assert.Contains("\"symbol\":\"ES\"", frame, StringComparison.Ordinal);
        Assert.True(snapshot[^1].Forming);
    }
}
