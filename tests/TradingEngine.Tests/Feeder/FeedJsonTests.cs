using System.Text;
using TradingEngine.Feeder;
using TradingEngine.Types;

namespace TradingEngine.Tests.Feeder;

/// <summary>
/// What the feeder core writes is what the engine reads: each message goes through the catalog's
/// <see cref="JsonMessageDecoder"/> (the gateway's and NATS ingestion's) and comes out with the exact prices, time and side.
/// </summary>
public sealed class FeedJsonTests
{
    private static MarketEvent Decode(FeedEvent e)
    {
        var b = new StringBuilder();
        FeedJson.WriteMessage(b, ref e);
        var r = new JsonMessageDecoder(new SymbolRegistry()).Decode(Encoding.UTF8.GetBytes(b.ToString()), out MarketEvent m);
        Assert.True(r.IsSuccess, $"{r.Reason}: {r.Message} in {b}");
        return m;
    }

    [Fact]
    public void A_trade_round_trips_exactly_with_its_bid_ask_and_aggressor()
    {
        var time = UtcNanos.FromDateTime(new DateTime(2026, 11, 1, 6, 30, 0, DateTimeKind.Utc)) + 123_456_789;
        var m = Decode(FeedEvent.Trade("ES", time, TickRounding.ToTick(4500.2499999, 0.25), 3, FeedAggressor.Buy, 4500.00m, 4500.25m));
        Assert.Equal(MarketEventKind.Tick, m.Kind);
        Assert.Equal(time, m.Tick.EventTime);
        Assert.Equal(4500.25m, m.Tick.Price.ToDecimal());
        Assert.Equal(3m, m.Tick.Size.ToDecimal());
        Assert.Equal(AggressorSide.Buy, m.Tick.Side);
        Assert.Equal(4500.00m, m.Tick.Bid!.Value.ToDecimal());
    }

    [Fact]
    public void A_quote_and_a_bar_round_trip()
    {
        var t0 = UtcNanos.FromDateTime(new DateTime(2026, 3, 9, 13, 30, 0, DateTimeKind.Utc));
        var q = Decode(FeedEvent.Quote("ES", t0, 4500.00m, 12, 4500.25m, 7));
        Assert.Equal(MarketEventKind.Quote, q.Kind);
        Assert.Equal(4500.25m, q.Quote.Ask.ToDecimal());
        var c = Decode(FeedEvent.Bar("ES", "1m", t0, t0 + 60_000_000_000, 4500m, 4501.5m, 4499.75m, 4501m, 1234, 321));
        Assert.Equal(MarketEventKind.Candle, c.Kind);
        Assert.Equal(Timeframe.Parse("1m"), c.Candle.Timeframe);
        Assert.Equal(4499.75m, c.Candle.Low.ToDecimal());
        Assert.Equal(321, c.Candle.TickCount);
    }

    [Theory]
    [InlineData(4500.2499999, 0.25, "4500.25")]
    [InlineData(167.42000000001, 0.01, "167.42")]
    [InlineData(1.0851499999, 0.00005, "1.08515")]
    [InlineData(99.96875, 0.015625, "99.96875")]
    public void Prices_are_rounded_to_the_instruments_tick(double price, double tick, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TickRounding.ToTick(price, tick));
    }

    [Fact]
    public void The_aggressor_comes_from_the_bid_and_ask_at_the_trade()
    {
        Assert.Equal(FeedAggressor.Buy, AggressorClassifier.Classify(4500.25m, 4500m, 4500.25m));
        Assert.Equal(FeedAggressor.Sell, AggressorClassifier.Classify(4500m, 4500m, 4500.25m));
        Assert.Equal(FeedAggressor.None, AggressorClassifier.Classify(4500.125m, 4500m, 4500.25m));
        Assert.Equal(FeedAggressor.None, AggressorClassifier.Classify(4500m, 0m, 4500.25m));
        Assert.Equal(FeedAggressor.None, AggressorClassifier.Classify(4500m, 4500.5m, 4500.25m)); // crossed book: unknown
    }
}
