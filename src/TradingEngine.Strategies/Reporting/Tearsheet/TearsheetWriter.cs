using System.Text;
using System.Text.Json;

namespace TradingEngine.Strategies.Reporting.Tearsheet;

/// <summary>
/// Writes <c>report.html</c>: the backtest report as one self-contained page (no network, no file beside it) with the
/// equity curve and drawdown, per-strategy statistics, the trades, P&amp;L by day and by hour, and each trade drawn on
/// its candles. The page carries the report's JSON unchanged (the bytes of <c>report.json</c>, element
/// <c>#te-report</c>) and the trades' candles (<c>#te-charts</c>); its script (embedded <c>tearsheet.js</c>) draws
/// everything from those two, so the page's numbers are report.json's by construction and a test can read both.
/// Equal runs give equal bytes.
/// </summary>
public static class TearsheetWriter
{
    /// <summary>Trades drawn on their candles; the page says when a run had more (the table lists them all).</summary>
    public const int MaxChartedTrades = 2000;

    /// <summary>A trade is drawn on the finest timeframe on which it spans at most this many bars.</summary>
    public const int MaxBarsInTrade = 80;

    /// <summary>Bars shown before the entry and after the exit.</summary>
    public const int MarginBars = 20;

    public static void Write(Stream stream, BacktestReport report, TradeCandles candles, string title)
    {
        var page = new StringBuilder(64 * 1024);
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(System.Net.WebUtility.HtmlEncode(title))
            .Append("</title>\n<style>\n").Append(Resource("tearsheet.css")).Append("</style>\n</head>\n<body>\n<h1>")
            .Append(System.Net.WebUtility.HtmlEncode(title)).Append("</h1>\n<main id=\"tearsheet\"></main>\n")
            .Append("<script type=\"application/json\" id=\"te-report\">").Append(ScriptSafe(report.ToJson())).Append("</script>\n")
            .Append("<script type=\"application/json\" id=\"te-charts\">").Append(ScriptSafe(ChartsJson(report, candles))).Append("</script>\n")
            .Append("<script>\n").Append(Resource("tearsheet.js")).Append("</script>\n</body>\n</html>\n");
        var bytes = Encoding.UTF8.GetBytes(page.ToString());
        stream.Write(bytes);
    }

    /// <summary>Writes <c>report.html</c> into <paramref name="directory"/> and returns its path.</summary>
    public static string WriteFile(string directory, BacktestReport report, TradeCandles candles, string title)
    {
        var path = Path.Combine(directory, "report.html");
        using var file = File.Create(path);
        Write(file, report, candles, title);
        return path;
    }

    /// <summary><c>{ trades, charted, charts: [{ trade, symbol, timeframe_s, bars: [[open_ms, o, h, l, c, v], …] }] }</c>.</summary>
    private static string ChartsJson(BacktestReport report, TradeCandles candles)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            var charted = Math.Min(report.Trades.Count, MaxChartedTrades);
            w.WriteStartObject();
            w.WriteNumber("trades", report.Trades.Count);
            w.WriteNumber("charted", charted);
            w.WriteNumber("candles_kept", candles.Count);
            w.WriteStartArray("charts");
            for (var i = 0; i < charted; i++)
            {
                var t = report.Trades[i];
                var (timeframe, bars) = candles.Around(t.Symbol, t.EntryTime, t.ExitTime, MaxBarsInTrade, MarginBars);
                w.WriteStartObject();
                w.WriteNumber("trade", i);
                w.WriteString("symbol", t.Symbol);
                w.WriteNumber("timeframe_s", timeframe.Seconds);
                w.WriteStartArray("bars");
                foreach (var b in bars)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(b.OpenTime / 1_000_000);
                    w.WriteNumberValue(b.Open);
                    w.WriteNumberValue(b.High);
                    w.WriteNumberValue(b.Low);
                    w.WriteNumberValue(b.Close);
                    w.WriteNumberValue(b.Volume);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>JSON inside a script element must not close it: the writer escapes &lt; already, this is the guard.</summary>
    private static string ScriptSafe(string json) => json.Replace("</", "<\\/", StringComparison.Ordinal);

    private static string Resource(string name)
    {
        var assembly = typeof(TearsheetWriter).Assembly;
        var full = "TradingEngine.Strategies.Reporting.Tearsheet." + name;
        using var stream = assembly.GetManifestResourceStream(full)
            ?? throw new InvalidOperationException($"resource {full} is missing from {assembly.GetName().Name} (the csproj embeds Reporting/Tearsheet/*.js and *.css)");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
