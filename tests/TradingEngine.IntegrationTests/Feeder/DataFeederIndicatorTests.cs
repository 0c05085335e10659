using System.Text.Json;
using NinjaTrader.Cbi;
using NinjaTrader.Data;
using NinjaTrader.NinjaScript;
using NinjaTrader.NinjaScript.Indicators;
using TradingEngine.IntegrationTests.Gateway;

namespace TradingEngine.IntegrationTests.Feeder;

/// <summary>
/// The NinjaScript indicator, compiled against the NinjaTrader 8 stand-in (C# 7.3, net48 and netstandard2.0), driven
/// through its states and market data as NinjaTrader drives it, into the real gateway and JetStream: display time (New
/// York) becomes UTC across the November fall-back hour, prices are exact ticks, the aggressor comes from the book at the
/// trade, quotes and closed 1-minute bars arrive as quotes and external candles.
/// </summary>
[Collection(nameof(DataFeederIndicatorTests))] // it sets NinjaTrader.Core.Globals (process-wide), as the platform does
public sealed class DataFeederIndicatorTests
{
    [Fact]
    public async Task Indicator_sends_exact_trades_quotes_and_bars_in_UTC_across_the_fall_back_hour()
    {
        await using var h = await GatewayHarness.StartAsync();
        var dir = Directory.CreateTempSubdirectory("te-nt8-").FullName;
        NinjaTrader.Core.Globals.GeneralOptions.TimeZoneInfo = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var es = new Instrument { FullName = "ES 12-26", MasterInstrument = new MasterInstrument { Name = "ES", TickSize = 0.25 } };
        var indicator = new DataFeederIndicator();
        indicator.DriveState(State.SetDefaults);
        Assert.Equal(Calculate.OnBarClose, indicator.Calculate);
        indicator.GatewayUrl = h.Server!.Urls[0];
        indicator.FeederId = GatewayHarness.FeederA;
        var tokenFile = Path.Combine(dir, "token");
        await File.WriteAllTextAsync(tokenFile, GatewayHarness.TokenA + "\n", TestContext.Current.CancellationToken);
        indicator.TokenFile = tokenFile;
        indicator.SpillDirectory = dir;
        indicator.Instrument = es;
        indicator.BarsPeriod = new BarsPeriod { BarsPeriodType = BarsPeriodType.Minute, Value = 1 };
        indicator.DriveState(State.Configure);
        indicator.DriveState(State.DataLoaded);
        indicator.DriveState(State.Historical);
        indicator.DriveBarClose(new DateTime(2026, 11, 1, 0, 0, 0), 4490, 4491, 4489, 4490.5, 100, 10); // history: not sent
        indicator.DriveState(State.Transition);
        indicator.DriveState(State.Realtime);

        // 01:59:59.5 EDT (05:59:59.5Z), then the clock falls back to 01:00 EST (06:00Z); bars are stamped with their end time
        var edt = new DateTime(2026, 11, 1, 1, 59, 59, 500);
        var est = new DateTime(2026, 11, 1, 1, 0, 0, 250);
        indicator.DriveBarClose(new DateTime(2026, 11, 1, 1, 59, 0), 4499.75, 4500.5, 4499.5, 4500.25, 250, 42); // 05:58Z-05:59Z
        Md(indicator, MarketDataType.Bid, 4500.0000001, 12, edt);
        Md(indicator, MarketDataType.Ask, 4500.2499999, 7, edt);
        Md(indicator, MarketDataType.Last, 4500.2499999, 3, edt, bid: 4500.0, ask: 4500.25); // at the ask: buy
        indicator.DriveBarClose(new DateTime(2026, 11, 1, 1, 0, 0), 4500.25, 4500.25, 4500, 4500, 20, 4); // 01:00 again, now EST: 05:59Z-06:00Z
        Md(indicator, MarketDataType.Last, 4500.0, 2, est, bid: 4500.0, ask: 4500.25); // at the bid: sell
        Md(indicator, MarketDataType.Last, 4500.25, 1, est.AddMilliseconds(1)); // no book in the event: the last one seen, at the ask
        indicator.DriveState(State.Terminated); // stops the feeder after it delivered what was queued

        var stored = await h.StreamAsync();
        Assert.Equal(["candles.external.ES.1m", "quotes.raw.ES", "ticks.raw.ES", "candles.external.ES.1m", "ticks.raw.ES", "ticks.raw.ES"], stored.Select(m => m.Subject));
        var rows = stored.Select(m => JsonDocument.Parse(m.Payload).RootElement).ToList();
        Assert.Equal("2026-11-01T05:58:00.000000000Z", rows[0].GetProperty("timestamp").GetString());
        Assert.Equal("2026-11-01T05:59:00.000000000Z", rows[0].GetProperty("data").GetProperty("close_time").GetString());
        Assert.Equal(42, rows[0].GetProperty("data").GetProperty("tick_count").GetInt32());
        Assert.Equal("2026-11-01T05:59:59.500000000Z", rows[1].GetProperty("timestamp").GetString());
        Assert.Equal(4500.25m, rows[1].GetProperty("data").GetProperty("ask").GetDecimal());
        Assert.Equal("2026-11-01T05:59:59.500000000Z", rows[2].GetProperty("timestamp").GetString());
        Assert.Equal("4500.25", rows[2].GetProperty("data").GetProperty("price").GetRawText());
        Assert.Equal("buy", rows[2].GetProperty("data").GetProperty("aggressor").GetString());
        Assert.Equal("2026-11-01T05:59:00.000000000Z", rows[3].GetProperty("timestamp").GetString());
        Assert.Equal("2026-11-01T06:00:00.000000000Z", rows[3].GetProperty("data").GetProperty("close_time").GetString());
        Assert.Equal("2026-11-01T06:00:00.250000000Z", rows[4].GetProperty("timestamp").GetString());
        Assert.Equal("sell", rows[4].GetProperty("data").GetProperty("aggressor").GetString());
        Assert.Equal("2026-11-01T06:00:00.251000000Z", rows[5].GetProperty("timestamp").GetString());
        Assert.Equal("buy", rows[5].GetProperty("data").GetProperty("aggressor").GetString());
        Assert.Contains(indicator.Printed, p => p.Contains("rows 6 accepted / 0 rejected", StringComparison.Ordinal));
        Directory.Delete(dir, true);
    }

    private static void Md(DataFeederIndicator i, MarketDataType type, double price, long volume, DateTime time, double bid = 0, double ask = 0) =>
        i.DriveMarketData(new MarketDataEventArgs { MarketDataType = type, Price = price, Volume = volume, Time = time, Bid = bid, Ask = ask, Instrument = i.Instrument });
}
