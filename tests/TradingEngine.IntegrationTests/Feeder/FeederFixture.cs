using TradingEngine.Feeder;
using TradingEngine.IntegrationTests.Gateway;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal.Import;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Feeder;

/// <summary>Real SPY trades of 2013-10-08 as feed events, the feeder's options for a harness, and the exactly-once check on the stream.</summary>
public static class FeederFixture
{
    public static List<Tick> SpyTicks(int count)
    {
        var file = TestData.Require("ticks/lean_equity_2013-10/trades/20131008_spy_Trade_Tick.csv");
        var symbols = new SymbolRegistry();
        using var reader = new LeanEquityTradeReader(file, symbols.GetOrAdd("SPY"));
        return reader.Where(t => !t.IsSuspicious).Take(count).ToList();
    }

    public static FeedEvent ToFeed(in Tick t, string symbol) =>
        FeedEvent.Trade(symbol, t.EventTime, t.Price.ToDecimal(), t.Size.ToDecimal());

    public static FeederOptions Options(Uri gateway, string directory, string session = "s1") => new()
    {
        GatewayUrl = gateway,
        Token = GatewayHarness.TokenA,
        FeederId = GatewayHarness.FeederA,
        Session = session,
        SpillDirectory = Path.Combine(directory, "spill"),
        BatchSize = 500,
        FlushInterval = TimeSpan.FromMilliseconds(20),
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
        RequestTimeout = TimeSpan.FromSeconds(5),
        StopTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>The stream holds exactly <paramref name="expected"/> (the feeder's JSON of each event), none lost, none twice, in order.</summary>
    public static async Task AssertExactlyOnceAsync(GatewayHarness h, IReadOnlyList<FeedEvent> expected)
    {
        var stored = await h.StreamAsync();
        var want = expected.Select(Json).ToList();
        var got = stored.Select(m => m.Payload).ToList();
        var missing = want.Except(got).Count();
        Assert.True(got.Count == want.Count && missing == 0,
            $"stream holds {got.Count} messages for {want.Count} sent: {missing} lost, {got.Count - got.Distinct().Count()} stored twice");
        Assert.Equal(want, got);
    }

    public static string Json(FeedEvent e)
    {
        var b = new System.Text.StringBuilder();
        FeedJson.WriteMessage(b, ref e);
        return b.ToString();
    }
}
