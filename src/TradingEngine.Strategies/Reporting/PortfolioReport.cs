using System.Globalization;
using System.Text.Json;

namespace TradingEngine.Strategies.Reporting;

/// <summary>
/// The account view of a backtest across strategies and symbols (report.json <c>portfolio</c>): cash (starting cash 0 +
/// realized P&amp;L: the engine holds no account capital yet), net P&amp;L in the account currency (each trade's P&amp;L
/// is already money through its instrument's point value; the account currency is the one currency of every traded
/// instrument, or "mixed" and no total when they differ), exposure by symbol (share of the run with a position open on
/// it, largest notional = |quantity| × entry price × point value), per-strategy and symbol attribution, and the
/// Pearson correlation of the strategies' daily P&amp;L. Risk limits stay per executor (live == replay).
/// </summary>
public sealed record PortfolioReport(
    string AccountCurrency,
    double StartingCash,
    double? Cash,
    double? NetPnl,
    IReadOnlyList<PortfolioSymbol> Symbols,
    IReadOnlyList<PortfolioAttribution> Attribution,
    IReadOnlyList<string> CorrelationStrategies,
    double?[][] Correlation)
{
    /// <summary>
    /// Builds the view from the report's trades and daily P&amp;L; <paramref name="instrumentOf"/> gives a symbol's point
    /// value and currency (null when the registry does not know it).
    /// </summary>
    public static PortfolioReport From(IReadOnlyList<StrategyStats> strategies, IReadOnlyList<TradeRecord> trades,
        Func<string, (double PointValue, string Currency)?> instrumentOf, long runStart, long runEnd)
    {
        var symbols = trades.Select(t => t.Symbol).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var currencies = symbols.Select(s => instrumentOf(s)?.Currency ?? "?").Distinct(StringComparer.Ordinal).ToList();
        var account = currencies.Count switch { 0 => strategies.Select(s => s.Currency).FirstOrDefault() ?? "?", 1 => currencies[0], _ => "mixed" };
        var single = account is not ("mixed" or "?");
        var net = trades.Sum(t => t.Pnl);
        var span = Math.Max(runEnd - runStart, 1);
        var bySymbol = symbols.Select(symbol =>
        {
            var mine = trades.Where(t => t.Symbol == symbol).OrderBy(t => t.EntryTime).ToList();
            var info = instrumentOf(symbol);
            // union of the intervals with a position open on the symbol (any strategy)
            long open = 0, end = long.MinValue;
            foreach (var t in mine)
            {
                var start = Math.Max(t.EntryTime, end);
                if (t.ExitTime > start)
                    open += t.ExitTime - start;
                end = Math.Max(end, t.ExitTime);
            }
            var notional = info is { } i ? mine.Select(t => Math.Abs(t.Quantity) * t.EntryPrice * i.PointValue).DefaultIfEmpty(0).Max() : (double?)null;
            return new PortfolioSymbol(symbol, info?.Currency ?? "?", info?.PointValue, mine.Count, mine.Sum(t => t.Pnl), (double)open / span, notional);
        }).ToList();
        var attribution = trades.GroupBy(t => (t.Strategy, t.Symbol))
            .OrderBy(g => g.Key.Strategy, StringComparer.Ordinal).ThenBy(g => g.Key.Symbol, StringComparer.Ordinal)
            .Select(g => new PortfolioAttribution(g.Key.Strategy, g.Key.Symbol, g.Count(), g.Sum(t => t.Pnl), net != 0 && single ? g.Sum(t => t.Pnl) / net : null))
            .ToList();
        var names = strategies.Select(s => s.Strategy).ToList();
        var matrix = new double?[names.Count][];
        for (var a = 0; a < names.Count; a++)
        {
            matrix[a] = new double?[names.Count];
            for (var b = 0; b < names.Count; b++)
                matrix[a][b] = Pearson(strategies[a].Daily, strategies[b].Daily);
        }
        return new PortfolioReport(account, 0, single ? net : null, single ? net : null, bySymbol, attribution, names, matrix);
    }

    /// <summary>Pearson correlation of two daily P&amp;L series over the same days; null below 2 days or with zero variance.</summary>
    public static double? Pearson(IReadOnlyList<DailyPnl> x, IReadOnlyList<DailyPnl> y)
    {
        var n = Math.Min(x.Count, y.Count);
        if (n < 2)
            return null;
        double mx = 0, my = 0;
        for (var i = 0; i < n; i++)
        {
            mx += x[i].Pnl;
            my += y[i].Pnl;
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i].Pnl - mx;
            var dy = y[i].Pnl - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Writes the <c>portfolio</c> object of report.json.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject("portfolio");
        w.WriteString("account_currency", AccountCurrency);
        w.WriteNumber("starting_cash", StartingCash);
        Opt(w, "cash", Cash);
        Opt(w, "net_pnl", NetPnl);
        w.WriteStartArray("exposure_by_symbol");
        foreach (var s in Symbols)
        {
            w.WriteStartObject();
            w.WriteString("symbol", s.Symbol);
            w.WriteString("currency", s.Currency);
            Opt(w, "point_value", s.PointValue);
            w.WriteNumber("trades", s.Trades);
            w.WriteNumber("net_pnl", s.NetPnl);
            w.WriteNumber("time_in_market", s.TimeInMarket);
            Opt(w, "max_notional", s.MaxNotional);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("attribution");
        foreach (var a in Attribution)
        {
            w.WriteStartObject();
            w.WriteString("strategy", a.Strategy);
            w.WriteString("symbol", a.Symbol);
            w.WriteNumber("trades", a.Trades);
            w.WriteNumber("net_pnl", a.NetPnl);
            Opt(w, "share_of_net", a.ShareOfNet);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("correlation");
        w.WriteStartArray("strategies");
        foreach (var n in CorrelationStrategies)
            w.WriteStringValue(n);
        w.WriteEndArray();
        w.WriteStartArray("daily_pnl");
        foreach (var row in Correlation)
        {
            w.WriteStartArray();
            foreach (var v in row)
            {
                if (v is { } d)
                    w.WriteNumberValue(Math.Round(d, 6));
                else
                    w.WriteNullValue();
            }
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>One line for the text report.</summary>
    public string ToText()
    {
        var net = NetPnl is { } n ? n.ToString("F2", CultureInfo.InvariantCulture) : "n/a (mixed currencies)";
        var symbols = string.Join("; ", Symbols.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Symbol} {s.Trades} trades {s.NetPnl:F2} in market {s.TimeInMarket * 100:F1}%")));
        return $"portfolio: {Symbols.Count} symbol(s), account {AccountCurrency}, net P&L {net}; {symbols}";
    }

    private static void Opt(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
            w.WriteNumber(name, v);
        else
            w.WriteNull(name);
    }
}
