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

    /// <summary>
    /// The stream holds exactly <paramref name="expected"/> (the feeder's JSON of each event), none lost, none twice, in
    /// order; with <paramref name="lateAllowed"/> above 0, at most that many rows may come after a row sent later than
    /// them (the documented limit across a nats-server restart, docs/gateway.md).
    /// </summary>
    public static async Task AssertExactlyOnceAsync(GatewayHarness h, IReadOnlyList<FeedEvent> expected, int lateAllowed = 0)
    {
        var stored = await h.StreamAsync();
        var want = expected.Select(Json).ToList();
        var got = stored.Select(m => m.Payload).ToList();
        var missing = want.Except(got).Count();
        Assert.True(got.Count == want.Count && missing == 0,
            $"stream holds {got.Count} messages for {want.Count} sent: {missing} lost, {got.Count - got.Distinct().Count()} stored twice");
        if (lateAllowed == 0)
        {
            Assert.Equal(want, got);
            return;
        }
        var sentAt = new Dictionary<string, int>(want.Count);
        for (var i = 0; i < want.Count; i++)
            sentAt[want[i]] = i;
        int late = 0, furthest = -1;
        foreach (var row in got)
        {
            var at = sentAt[row];
            if (at < furthest)
                late++;
            furthest = Math.Max(furthest, at);
        }
        Assert.True(late <= lateAllowed, $"{late} rows stored after a row sent later than them; at most {lateAllowed} expected");
        TestContext.Current.SendDiagnosticMessage($"{late} rows stored after a row sent later than them (at most {lateAllowed} allowed)");
    }

    public static string Json(FeedEvent e)
    {
        var b = new System.Text.StringBuilder();
        FeedJson.WriteMessage(b, ref e);
        return b.ToString();
    }
}
