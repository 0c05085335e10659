using TradingEngine.Strategies.Reporting;
using TradingEngine.Tests.Indicators.MarketStructure;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Strategies;

public sealed class StrategyRealDataTests
{
    /// <summary>ES front month (Dec 2013) 1m trade bars, one week of Lean files, as external candles at precision 2.</summary>
    internal static Candle[] EsWeek()
    {
        var dir = TestData.Require("bars/lean_es_futures_minute");
        var files = Directory.GetFiles(dir, "*_es_minute_trade_201312.csv").Order(StringComparer.Ordinal).Take(5).ToArray();
        var result = new List<Candle>();
        foreach (var f in files)
        {
            var bars = OhlcvCsv.Read(f, OhlcvFormat.LeanFuturesMinute);
            for (var i = 0; i < bars.Count; i++)
            {
                var c = StructureBars.Bar(0, bars.Open[i], bars.High[i], bars.Low[i], bars.Close[i], (long)bars.Volume[i]);
                c.OpenTime = bars.StartUtcNs[i];
                c.CloseTime = bars.StartUtcNs[i] + StructureBars.Minute;
                c.LastEventTime = c.CloseTime - 1;
                if (result.Count > 0 && c.OpenTime <= result[^1].OpenTime)
                    continue;
                result.Add(c);
            }
        }
        return result.ToArray();
    }

    [Fact]
    public void A_real_week_gives_identical_messages_and_report_bytes_on_two_runs()
    {
        var bars = EsWeek();
        Assert.True(bars.Length > 2000);
        var dag = StrategyPipeline.Compile();
        var first = StrategyPipeline.Run(dag, bars);
        var second = StrategyPipeline.Run(StrategyPipeline.Compile(), bars);
        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new[] { first[i] }.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new[] { second[i] }.AsSpan())), $"message {i} differs");

        var a = StrategyPipeline.Report(dag, first);
        var b = StrategyPipeline.Report(dag, second);
        Assert.Equal(a.ToJson(), b.ToJson());
        Assert.Equal(a.ToTradesCsv(), b.ToTradesCsv());
        Assert.Equal(a.ToText(), b.ToText());

        // Every structure kind and every strategy takes part on real data.
        var kinds = first.Select(m => m.Kind).Distinct().Order().ToArray();
        Assert.Equal([MessageType.SwingPoint, MessageType.FairValueGap, MessageType.OrderBlock, MessageType.LiquidityLevel, MessageType.BreakOfStructure, MessageType.TradeSignal, MessageType.PositionUpdate, MessageType.RiskMetric], kinds);
        Assert.Equal(["breakout", "confluence", "reversion"], a.Strategies.Select(s => s.Strategy).Order(StringComparer.Ordinal));
        Assert.All(a.Strategies, s => Assert.True(s.Trades > 0, $"{s.Strategy} made no trade"));
    }

    [Fact]
    public void Every_message_time_is_at_or_before_its_event_and_trades_are_consistent()
    {
        var bars = EsWeek();
        var dag = StrategyPipeline.Compile();
        var messages = StrategyPipeline.Run(dag, bars);
        var report = StrategyPipeline.Report(dag, messages);
        foreach (var t in report.Trades)
        {
            // Bar-mode fills carry the close time of their bar: an entry at the open stopped in the same bar has equal times.
            Assert.True(t.ExitTime >= t.EntryTime);
            Assert.True(t.Quantity >= 1);
        }
        foreach (var s in report.Strategies)
        {
            Assert.Equal(s.Trades, s.Wins + s.Losses + report.Trades.Count(t => t.Strategy == s.Strategy && t.Pnl == 0));
            Assert.Equal(report.Trades.Where(t => t.Strategy == s.Strategy).Sum(t => t.Pnl), s.NetPnl, 6);
        }
    }
}
