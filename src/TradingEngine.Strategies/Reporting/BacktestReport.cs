using System.Globalization;
using System.Text;
using System.Text.Json;
using TradingEngine.Types;

namespace TradingEngine.Strategies.Reporting;

/// <summary>
/// The backtest report of one run (docs/strategies.md §10): per strategy trades, win rate, profit factor, expectancy,
/// net P&amp;L, max drawdown (peak to trough of closed-trade equity) and its duration, exposure, Sharpe and Sortino of daily
/// P&amp;L × √252 (from <see cref="MinDaysForRatios"/> trading days on), and the P&amp;L of each day, money in the
/// instruments' currency. Built by
/// <see cref="BacktestReportBuilder"/> from the run's output messages; printed as text, written as JSON and as a CSV of
/// trades. Output depends only on the messages, in order, so equal runs give equal bytes.
/// </summary>
public sealed class BacktestReport
{
    /// <summary>Fewest trading days (daily returns) from which Sharpe and Sortino are given; below, "n/a (N days)".</summary>
    public const int MinDaysForRatios = 20;

    /// <summary>Runs up to this many days print their per-day P&amp;L in the text table; longer ones only in the JSON.</summary>
    public const int MaxDaysInText = 31;

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

    /// <summary>The account view across strategies and symbols (report.json <c>portfolio</c>).</summary>
    public PortfolioReport? Portfolio { get; init; }

    /// <summary>Builds the report of <paramref name="messages"/>.</summary>
    public static BacktestReport From(IEnumerable<OutputMessage> messages, Func<int, string> strategyName)
    {
        var b = new BacktestReportBuilder(strategyName);
        b.AddRange(messages);
        return b.Build();
    }

    /// <summary>A fixed-width table, one line per strategy, units in every header; then the P&amp;L of each day.</summary>
    public void WriteText(TextWriter writer)
    {
        var unit = Unit;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backtest: {Strategies.Count} strategies, {Trades.Count} trades, {Days} trading days; money in {unit} (P&L of closed trades, fills through each strategy's point value); Sharpe and Sortino annualised (×√252), from {MinDaysForRatios} days"));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"strategy",-24} {"trades",6} {"win %",6} {"pf",7} {"expect " + unit,12} {"net " + unit,13} {"max_dd " + unit,13} {"dd_time",8} {"exposure %",10} {"sharpe/yr",13} {"sortino/yr",13}"));
        foreach (var s in Strategies)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Strategy,-24} {s.Trades,6} {s.WinRate * 100,6:F1} {Opt(s.ProfitFactor, "F2"),7} {s.Expectancy,12:F2} {s.NetPnl,13:F2} {s.MaxDrawdown,13:F2} {Duration(s.MaxDrawdownDurationNanos),8} {s.Exposure * 100,10:F1} {Ratio(s.Sharpe, Days),13} {Ratio(s.Sortino, Days),13}"));
        }
        if (Strategies.Count == 0 || Days == 0)
            return;
        if (Days > MaxDaysInText)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"P&L per day ({unit}): {Days} days, in report.json (strategies[].daily)"));
            return;
        }
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"P&L per day ({unit}, trades by exit date, UTC):"));
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{"date",-10}");
        foreach (var s in Strategies)
            line.Append(CultureInfo.InvariantCulture, $" {s.Strategy,24}");
        writer.WriteLine(line.ToString());
        for (var d = 0; d < Days; d++)
        {
            line.Clear();
            line.Append(Strategies[0].Daily[d].Date);
            foreach (var s in Strategies)
                line.Append(CultureInfo.InvariantCulture, $" {s.Daily[d].Pnl,24:F2}");
            writer.WriteLine(line.ToString());
        }
    }

    /// <summary>The currency every strategy's money is in, or "mixed".</summary>
    private string Unit
    {
        get
        {
            var currencies = Strategies.Select(s => s.Currency).Distinct().ToList();
            return currencies.Count == 1 ? currencies[0] : currencies.Count == 0 ? "?" : "mixed";
        }
    }

    /// <summary>"n/a (5 days)" below the minimum sample, "n/a" with zero deviation, else two decimals.</summary>
    private static string Ratio(double? value, int days) =>
        days < MinDaysForRatios ? $"n/a ({days} day{(days == 1 ? "" : "s")})" : Opt(value, "F2");

    /// <summary>"0", "42s", "17m05s", "5h12m", "3d04h".</summary>
    internal static string Duration(long nanos)
    {
        var t = TimeSpan.FromTicks(nanos / 100);
        return t.TotalSeconds < 1 ? "0"
            : t.TotalMinutes < 1 ? string.Create(CultureInfo.InvariantCulture, $"{t.Seconds}s")
            : t.TotalHours < 1 ? string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m{t.Seconds:00}s")
            : t.TotalDays < 1 ? string.Create(CultureInfo.InvariantCulture, $"{t.Hours}h{t.Minutes:00}m")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalDays}d{t.Hours:00}h");
    }

    /// <summary>The text table as a string.</summary>
    public string ToText()
    {
        var w = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        WriteText(w);
        return w.ToString();
    }

    /// <summary>
    /// Writes <c>{ days, min_days_for_ratios, strategies: [...], trades: [...] }</c> as indented UTF-8 JSON; money in each
    /// strategy's <c>currency</c>, <c>max_drawdown_duration_s</c> in seconds, <c>exposure</c> 0..1, ratios null below the
    /// minimum sample.
    /// </summary>
    public void WriteJson(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("days", Days);
        w.WriteNumber("min_days_for_ratios", MinDaysForRatios);
        w.WriteStartArray("strategies");
        foreach (var s in Strategies)
        {
            w.WriteStartObject();
            w.WriteString("strategy", s.Strategy);
            w.WriteNumber("node_id", s.NodeId);
            w.WriteString("currency", s.Currency);
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
            w.WriteNumber("max_drawdown_duration_s", s.MaxDrawdownDurationNanos / 1e9);
            w.WriteNumber("exposure", s.Exposure);
            WriteOpt(w, "sharpe", s.Sharpe);
            WriteOpt(w, "sortino", s.Sortino);
            w.WriteStartArray("daily");
            foreach (var d in s.Daily)
            {
                w.WriteStartObject();
                w.WriteString("date", d.Date);
                w.WriteNumber("pnl", d.Pnl);
                w.WriteEndObject();
            }
            w.WriteEndArray();
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
        Portfolio?.WriteJson(w);
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
        SignalReason.ContractRoll => "contract_roll",
        _ => "none",
    };
}
