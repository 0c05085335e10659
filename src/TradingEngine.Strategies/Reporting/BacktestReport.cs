using System.Globalization;
using System.Text;
using System.Text.Json;
using TradingEngine.Types;

namespace TradingEngine.Strategies.Reporting;

/// <summary>
/// The backtest report of one run (docs/strategies.md §10): per strategy trades, win rate, profit factor, expectancy,
/// net PnL, max drawdown (peak to trough of closed-trade equity) and Sharpe of daily PnL × √252. Built by
/// <see cref="BacktestReportBuilder"/> from the run's output messages; printed as text, written as JSON and as a CSV of
/// trades. Output depends only on the messages, in order, so equal runs give equal bytes.
/// </summary>
public sealed class BacktestReport
{
    internal BacktestReport(IReadOnlyList<StrategyStats> strategies, IReadOnlyList<TradeRecord> trades, int days)
    {
        Strategies = strategies;
        Trades = trades;
        Days = days;
    }

    /// <summary>One entry per strategy node that emitted a signal or a position, by node id.</summary>
    public IReadOnlyList<StrategyStats> Strategies { get; }

    /// <summary>Every closed trade, by strategy node id then exit order.</summary>
    public IReadOnlyList<TradeRecord> Trades { get; }

    /// <summary>UTC days the run covered.</summary>
    public int Days { get; }

    /// <summary>Builds the report of <paramref name="messages"/>.</summary>
    public static BacktestReport From(IEnumerable<OutputMessage> messages, Func<int, string> strategyName)
    {
        var b = new BacktestReportBuilder(strategyName);
        b.AddRange(messages);
        return b.Build();
    }

    /// <summary>A fixed-width table, one line per strategy.</summary>
    public void WriteText(TextWriter writer)
    {
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"backtest: {Strategies.Count} strategies, {Trades.Count} trades, {Days} days"));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"strategy",-24} {"trades",6} {"win%",6} {"pf",7} {"expect",10} {"net",12} {"max_dd",12} {"sharpe",7}"));
        foreach (var s in Strategies)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Strategy,-24} {s.Trades,6} {s.WinRate * 100,6:F1} {Opt(s.ProfitFactor, "F2"),7} {s.Expectancy,10:F2} {s.NetPnl,12:F2} {s.MaxDrawdown,12:F2} {Opt(s.Sharpe, "F2"),7}"));
        }
    }

    /// <summary>The text table as a string.</summary>
    public string ToText()
    {
        var w = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        WriteText(w);
        return w.ToString();
    }

    /// <summary>Writes <c>{ days, strategies: [...], trades: [...] }</c> as indented UTF-8 JSON.</summary>
    public void WriteJson(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("days", Days);
        w.WriteStartArray("strategies");
        foreach (var s in Strategies)
        {
            w.WriteStartObject();
            w.WriteString("strategy", s.Strategy);
            w.WriteNumber("node_id", s.NodeId);
            w.WriteNumber("trades", s.Trades);
            w.WriteNumber("wins", s.Wins);
            w.WriteNumber("losses", s.Losses);
            w.WriteNumber("win_rate", s.WinRate);
            w.WriteNumber("gross_profit", s.GrossProfit);
            w.WriteNumber("gross_loss", s.GrossLoss);
            WriteOpt(w, "profit_factor", s.ProfitFactor);
            w.WriteNumber("expectancy", s.Expectancy);
            w.WriteNumber("net_pnl", s.NetPnl);
            w.WriteNumber("max_drawdown", s.MaxDrawdown);
            WriteOpt(w, "sharpe", s.Sharpe);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("trades");
        foreach (var t in Trades)
        {
            w.WriteStartObject();
            w.WriteString("strategy", t.Strategy);
            w.WriteString("symbol", t.Symbol);
            w.WriteString("side", t.Side == Types.PositionSide.Long ? "long" : "short");
            w.WriteString("entry_time", Iso(t.EntryTime));
            w.WriteNumber("entry_price", t.EntryPrice);
            w.WriteString("exit_time", Iso(t.ExitTime));
            w.WriteNumber("exit_price", t.ExitPrice);
            w.WriteNumber("quantity", t.Quantity);
            w.WriteNumber("pnl", t.Pnl);
            w.WriteString("entry_reason", Reason(t.EntryReason));
            w.WriteString("exit_reason", Reason(t.ExitReason));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The JSON as a string.</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        WriteJson(ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Writes the trades as CSV (header line first, invariant culture, round-trip doubles, "\n" line ends).</summary>
    public void WriteTradesCsv(TextWriter writer)
    {
        writer.Write("strategy,node_id,symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,pnl,entry_reason,exit_reason\n");
        foreach (var t in Trades)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{t.Strategy},{t.NodeId},{t.Symbol},{(t.Side == Types.PositionSide.Long ? "long" : "short")},{Iso(t.EntryTime)},{t.EntryPrice:R},{Iso(t.ExitTime)},{t.ExitPrice:R},{t.Quantity:R},{t.Pnl:R},{Reason(t.EntryReason)},{Reason(t.ExitReason)}\n"));
        }
    }

    /// <summary>The CSV as a string.</summary>
    public string ToTradesCsv()
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        WriteTradesCsv(w);
        return w.ToString();
    }

    private static string Opt(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static void WriteOpt(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
            w.WriteNumber(name, v);
        else
            w.WriteNull(name);
    }

    private static string Iso(long nanos) =>
        new DateTime(DateTime.UnixEpoch.Ticks + (nanos / 100), DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Reason(SignalReason reason) => reason switch
    {
        SignalReason.SweepReclaim => "sweep_reclaim",
        SignalReason.LevelBreak => "level_break",
        SignalReason.ZoneFade => "zone_fade",
        SignalReason.Confluence => "confluence",
        SignalReason.ProtectiveStop => "protective_stop",
        SignalReason.StopHit => "stop",
        SignalReason.TargetHit => "target",
        SignalReason.RuleExit => "rule_exit",
        SignalReason.TimeExit => "time_exit",
        _ => "none",
    };
}
