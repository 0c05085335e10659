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

    /// <summary>The text decimal.ToString gives, trailing zeros cut (what the feeder wrote before it formatted digits itself).</summary>
    private static string Reference(decimal value)
    {
        var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (text.Contains('.'))
            text = text.TrimEnd('0').TrimEnd('.');
        return text == "-0" ? "0" : text;
    }

    private static string Field(string json, string name)
    {
        var start = json.IndexOf($"\"{name}\":", StringComparison.Ordinal) + name.Length + 3;
        var end = json.IndexOfAny([',', '}'], start);
        return json[start..end].Trim('"');
    }

    [Fact]
    public void Prices_sizes_and_timestamps_are_written_exactly_as_the_reference_formatting_gives_them()
    {
        // the digits are written by hand (no string per number): every shape of decimal, and random ones, against decimal.ToString
        decimal[] shapes =
        [
            0m, -0.00m, 1m, 10m, 100.00m, 4500.250m, 4500.0m, 0.5m, 0.05m, 0.000123m, 167.42m, 1.08515m, 99.96875m, -3.10m, -0.001m,
            999999999999999999m, 1000000000000000000m, 0.123456789012345678m, 0.1234567890123456789m, 1e-20m,
            123456789.123456789m, 79228162514264337593543950335m, 7922816251426433759354395033.5m, decimal.MinValue,
        ];
        var random = new Random(23);
        var values = shapes.Concat(Enumerable.Range(0, 2000).Select(_ =>
            new decimal(random.Next(), random.Next(4), 0, random.Next(2) == 0, (byte)random.Next(12)))).ToList();
        var b = new StringBuilder();
        foreach (var v in values)
        {
            b.Clear();
            var e = FeedEvent.Trade("ES", 0, v, v);
            FeedJson.WriteMessage(b, ref e);
            Assert.Equal(Reference(v), Field(b.ToString(), "price"));
        }
        var epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var ns in new[] { 0L, 1L, 999_999_999L, 1_381_239_000_123_456_789L, 4_102_444_799_999_999_999L }
            .Concat(Enumerable.Range(0, 500).Select(_ => random.NextInt64(0, 4_102_444_800_000_000_000L))))
        {
            b.Clear();
            FeedJson.Timestamp(b, ns);
            var t = epoch.AddTicks(ns / 100);
            Assert.Equal(t.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "." + (ns % 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture) + "Z", b.ToString());
        }
    }
}
