using System.Globalization;
using System.Text.Json;
using TradingEngine.Hosting.Replay;
using TradingEngine.Engine.Simulation;
using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests.Dashboard;

/// <summary>
/// The tearsheet (report.html) of the default run, opened in Chromium: no console error, every number on the page is
/// report.json's, each trade is drawn on candles around it, and the screenshot is not blank.
/// </summary>
public sealed class TearsheetBrowserTests
{
    [Fact]
    public async Task Tearsheet_of_the_default_run_shows_report_json_in_chromium()
    {
        var repo = TestData.RepositoryRoot();
        var dir = Directory.CreateTempSubdirectory("te-tearsheet-");
        try
        {
            var summary = ReplayRunner.Run(new ReplayOptions
            {
                Synthetic = new SyntheticSessionOptions(),
                PipelinePath = Path.Combine(repo, "pipelines", "es_futures.yaml"),
                InstrumentsPath = Path.Combine(repo, "pipelines", "instruments.yaml"),
                ReportDirectory = dir.FullName,
            });
            Assert.True(summary.Report is { Trades.Count: > 0 }, "the default run must trade for this test to mean anything");
            using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir.FullName, "report.json")));
            var report = json.RootElement;

            await using var chromium = await Chromium.LaunchAsync();
            var errors = new List<string>();
            var page = await chromium.NewPageAsync(errors);
            await page.GotoAsync(new Uri(Path.Combine(dir.FullName, "report.html")).AbsoluteUri);
            await page.WaitForFunctionAsync("() => window.teTearsheet && window.teTearsheet.ready");

            // per-strategy statistics: every field of report.json's strategies, exactly
            var strategies = report.GetProperty("strategies").EnumerateArray().ToList();
            var cells = await page.EvalOnSelectorAllAsync<string[][]>("#stats tbody tr",
                "rows => rows.map(r => [r.dataset.strategy, ...[...r.querySelectorAll('td[data-field]')].map(td => td.dataset.field + '=' + td.dataset.value)])");
            Assert.Equal(strategies.Select(s => s.GetProperty("strategy").GetString()), cells.Select(r => r[0]));
            for (var i = 0; i < strategies.Count; i++)
            {
                var fields = cells[i].Skip(1).Select(c => c.Split('=', 2)).ToList();
                Assert.Equal(14, fields.Count);
                foreach (var f in fields)
                    AssertSame(strategies[i].GetProperty(f[0]), f[1], $"{cells[i][0]}.{f[0]}");
            }

            // trades: one row each, prices, quantity and P&L exactly
            var trades = report.GetProperty("trades").EnumerateArray().ToList();
            var rows = await page.EvalOnSelectorAllAsync<string[][]>("#trades tbody tr",
                "rows => rows.map(r => [...r.querySelectorAll('td[data-field]')].map(td => td.dataset.field + '=' + td.dataset.value))");
            Assert.Equal(trades.Count, rows.Length);
            for (var i = 0; i < trades.Count; i++)
            {
                foreach (var f in rows[i].Select(c => c.Split('=', 2)))
                    AssertSame(trades[i].GetProperty(f[0]), f[1], $"trade {i + 1} {f[0]}");
            }

            // P&L per day and strategy, and per hour of the exit (summed in the report's trade order)
            var daily = await page.EvalOnSelectorAllAsync<string[]>("#daily tbody td[data-field]", "tds => tds.map(td => td.parentElement.dataset.date + ' ' + td.dataset.field + '=' + td.dataset.value)");
            var expectedDaily = strategies.SelectMany(s => s.GetProperty("daily").EnumerateArray().Select(d => (Date: d.GetProperty("date").GetString(), Key: $"{d.GetProperty("date").GetString()} pnl:{s.GetProperty("strategy").GetString()}", Pnl: d.GetProperty("pnl").GetDouble())))
                .OrderBy(d => d.Date, StringComparer.Ordinal).ToList();
            Assert.Equal(expectedDaily.Count, daily.Length);
            foreach (var d in expectedDaily)
                Assert.Contains($"{d.Key}={Js(d.Pnl)}", daily);
            var hours = new SortedDictionary<int, (int Trades, double Pnl)>();
            foreach (var t in trades)
            {
                var hour = int.Parse(t.GetProperty("exit_time").GetString()!.AsSpan(11, 2), CultureInfo.InvariantCulture);
                var h = hours.GetValueOrDefault(hour);
                hours[hour] = (h.Trades + 1, h.Pnl + t.GetProperty("pnl").GetDouble());
            }
            var hourly = await page.EvalOnSelectorAllAsync<string[]>("#hourly tbody tr",
                "rows => rows.map(r => r.dataset.hour + ' ' + [...r.querySelectorAll('td[data-field]')].map(td => td.dataset.value).join(' '))");
            Assert.Equal(hours.Select(h => $"{h.Key} {h.Value.Trades} {Js(h.Value.Pnl)}"), hourly);

            // each trade on its candles: the bars cover the entry and the exit; the first trade is drawn
            var charts = await page.EvaluateAsync<JsonElement>("() => window.teTearsheet.charts");
            Assert.Equal(trades.Count, charts.GetProperty("charted").GetInt32());
            var list = charts.GetProperty("charts").EnumerateArray().ToList();
            for (var i = 0; i < trades.Count; i++)
            {
                var bars = list[i].GetProperty("bars").EnumerateArray().Select(b => b[0].GetInt64()).ToList();
                var tf = list[i].GetProperty("timeframe_s").GetInt64() * 1000;
                var entry = Ms(trades[i].GetProperty("entry_time").GetString()!);
                var exit = Ms(trades[i].GetProperty("exit_time").GetString()!);
                Assert.True(bars.Count > 0 && bars[0] <= entry && bars[^1] + tf > exit,
                    $"trade {i + 1} ({entry}..{exit}) is drawn on {bars.Count} bars of {tf} ms from {bars.FirstOrDefault()} to {bars.LastOrDefault()}");
            }
            var drawn = await page.EvalOnSelectorAsync<int>("#trade-svg", "svg => svg.querySelectorAll('rect.candle').length");
            Assert.Equal(list[0].GetProperty("bars").GetArrayLength(), drawn);
            await page.ClickAsync("#trades tbody tr[data-index='1']");
            Assert.Equal("1", await page.GetAttributeAsync("#trade-svg", "data-trade"));

            var (path, colours) = await Chromium.ScreenshotAsync(page, "tearsheet");
            Assert.True(colours > 50, $"{path}: {colours} distinct colours, the page looks blank");
            Assert.Empty(errors);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The page's <c>data-value</c> (JavaScript's shortest round-trip text of the number) equals the JSON value.</summary>
    private static void AssertSame(JsonElement expected, string actual, string what)
    {
        if (expected.ValueKind == JsonValueKind.Null)
            Assert.True(actual == "null", $"{what}: report.json null, page {actual}");
        else
            Assert.True(expected.GetDouble() == double.Parse(actual, CultureInfo.InvariantCulture), $"{what}: report.json {expected.GetRawText()}, page {actual}");
    }

    private static string Js(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static long Ms(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
}
