using System.Globalization;
using System.Net;
using System.Text.Json;
using TradingEngine.Cli.Commands;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Hosting.Replay;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Dashboard.Server;
using TradingEngine.Dashboard.Streaming;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Journal.Import;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard page in Chromium, fed by <c>te replay --publish</c> of the ES Databento evening through a real
/// nats-server: no console error, and for every timeframe the chart holds exactly the candles the replay produced (read
/// from the chart's own data), the FVG boxes are the FairValueGap messages, the signal markers the TradeSignals.
/// </summary>
public sealed class DashboardBrowserTests
{
    [Fact]
    public async Task Page_holds_exactly_the_replayed_ES_evening()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = TestData.RepositoryRoot();
        var es = TestData.Require("ticks/databento_es_futures_2023-12/esh4_trades_with_bbo_20231225.csv");
        var webRoot = await DashboardPage.RequireAsync();
        await using var nats = await Services.RequireNatsAsync();
        var prefix = $"replay.b{Guid.NewGuid():N}";
        var symbols = new SymbolRegistry();
        var hub = new DashboardHub(symbols);
        var pipeline = Path.Combine(repo, "pipelines", "es_futures.yaml");
        var dag = DagCompiler.Compile(PipelineLoader.LoadFile(pipeline), DagCommand.Catalog());
        await using var server = new DashboardServer(hub, new DashboardServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), WebRoot = webRoot, Dag = DagCommand.Render(dag, "json") });
        await server.StartAsync(ct);
        var subscriber = new InternalOutputSubscriber<DashboardOutputHandler>(nats, symbols, new DashboardOutputHandler(hub), prefix: prefix);
        await using var _ = subscriber;
        await subscriber.StartAsync(ct);

        var outPath = Path.Combine(Path.GetTempPath(), $"te-dashboard-{Guid.NewGuid():N}.jsonl");
        try
        {
            var publication = new ReplayPublication(nats, prefix);
            ReplayRunner.Run(new ReplayOptions
            {
                Source = ReplaySource.Csv,
                CsvFiles = [es],
                CsvImport = new ImportOptions { Format = ImportFormat.EsTradesBbo, Symbol = "ES" },
                PipelinePath = pipeline,
                InstrumentsPath = Path.Combine(repo, "pipelines", "instruments.yaml"),
                OutPath = outPath,
                Publish = publication,
            });
            Assert.True(await publication.Current!.FlushAsync(ct));
            var outputs = File.ReadAllLines(outPath).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (hub.LastId < outputs.Count && DateTime.UtcNow < deadline)
                await Task.Delay(50, ct);
            Assert.Equal(outputs.Count, hub.LastId);

            await using var chromium = await Chromium.LaunchAsync();
            var errors = new List<string>();
            var page = await chromium.NewPageAsync(errors, 1400, 800);
            await page.GotoAsync(server.Address.AbsoluteUri);
            await page.WaitForFunctionAsync($"() => window.teDashboard && window.teDashboard.lastId() === {outputs.Count}", null, new() { Timeout = 30_000 });

            var timeframes = outputs.Where(o => Type(o) == "candle").Select(o => o.GetProperty("timeframe").GetString()!).Distinct().ToList();
            Assert.NotEmpty(timeframes);
            var explained = Explanations(outputs, dag);
            var explainedValues = 0;
            var carriedValues = 0;
            var boxesSeen = 0;
            var fillsSeen = 0;
            var footprintsSeen = 0;
            foreach (var tf in timeframes)
            {
                await page.EvaluateAsync("([s, tf]) => window.teDashboard.select(s, tf)", new[] { "ES", tf });
                var expected = outputs.Where(o => Type(o) == "candle" && o.GetProperty("timeframe").GetString() == tf)
                    .Select(o => (Time: Seconds(o.GetProperty("timestamp").GetString()!), D: o.GetProperty("data")))
                    .Select(c => $"{c.Time} {N(c.D, "open")} {N(c.D, "high")} {N(c.D, "low")} {N(c.D, "close")}").ToList();
                var shown = await page.EvaluateAsync<string[]>("() => window.teDashboard.candles().map(b => `${b.time} ${b.open} ${b.high} ${b.low} ${b.close}`)");
                Assert.Equal(expected, shown);

                var gaps = outputs.Where(o => Type(o) == "fair_value_gap" && o.GetProperty("timeframe").GetString() == tf)
                    .Select(o => o.GetProperty("data"))
                    .Select(d => $"fair_value_gap|{d.GetProperty("direction").GetString()}|{Seconds(d.GetProperty("formed_time").GetString()!)}|{N(d, "top")}|{N(d, "bottom")}")
                    .Distinct().Order(StringComparer.Ordinal).ToList();
                var boxes = await page.EvaluateAsync<string[]>("() => window.teDashboard.boxes().filter(b => b.kind === 'fvg').map(b => b.key)");
                Assert.Equal(gaps, boxes.Order(StringComparer.Ordinal));
                boxesSeen += boxes.Length;

                var signals = outputs.Count(o => Type(o) == "trade_signal" && o.GetProperty("timeframe").GetString() == tf);
                var markers = await page.EvaluateAsync<int>("() => window.teDashboard.markers().filter(m => String(m.id || '').startsWith('signal-')).length");
                Assert.Equal(signals, markers);

                // explain a signal: each trigger node with its last output before the signal (stream id), flagged when of the same event
                var tfSignals = explained.Where(e => e.Timeframe == tf).ToList();
                for (var i = 0; i < tfSignals.Count; i++)
                {
                    var panel = JsonDocument.Parse(await page.EvaluateAsync<string>("(i) => JSON.stringify(window.teDashboard.explain(i))", i)).RootElement;
                    Assert.Equal(tfSignals[i].Signal, panel.GetProperty("signal").GetString());
                    var rows = panel.GetProperty("rows").EnumerateArray().Select(r => $"{r.GetProperty("node").GetString()} {(r.GetProperty("id").ValueKind == JsonValueKind.Number ? r.GetProperty("id").GetInt32() : 0)} {r.GetProperty("same_event").GetBoolean()} {Carried(r.GetProperty("carried"))}").ToList();
                    Assert.Equal(tfSignals[i].Rows, rows);
                    explainedValues += tfSignals[i].Rows.Count(r => !r.Contains(" 0 False ", StringComparison.Ordinal));
                    carriedValues += tfSignals[i].Rows.Count(r => !r.EndsWith(" -", StringComparison.Ordinal));
                }
                if (tfSignals.Count > 0)
                {
                    // a real click on the last signal's bar selects a signal drawn on that bar
                    var clicked = JsonDocument.Parse(await page.EvaluateAsync<string>("""
                        (i) => { const d = window.teDashboard; d.explain(-1); const p = d.signalPoint(i); const same = [];
                          for (let j = 0; j < d.signals(); j++) { const q = d.signalPoint(j); if (q && p && q.x === p.x) same.push(d.explain(j).signal); }
                          d.explain(-1); return JSON.stringify({ p, same }); }
                        """, tfSignals.Count - 1)).RootElement;
                    await page.Mouse.ClickAsync(clicked.GetProperty("p").GetProperty("x").GetSingle(), clicked.GetProperty("p").GetProperty("y").GetSingle());
                    await page.WaitForTimeoutAsync(100);
                    var selected = await page.EvaluateAsync<string?>("() => window.teDashboard.explainRows().signal");
                    Assert.Contains(selected, clicked.GetProperty("same").EnumerateArray().Select(x => x.GetString()));
                }

                // fills: every position update that changes a node's side or quantity, drawn at its price, its reason on hover
                var fills = Fills(outputs.Where(o => Type(o) == "position_update" && o.GetProperty("timeframe").GetString() == tf));
                var shownFills = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.teDashboard.fills())")).RootElement.EnumerateArray().ToList();
                Assert.Equal(fills, shownFills.Select(f => $"{f.GetProperty("time").GetInt64()} {f.GetProperty("node").GetInt32()} {f.GetProperty("to").GetString()} {f.GetProperty("price").GetDouble().ToString("R", CultureInfo.InvariantCulture)}"));
                var fillMarkers = await page.EvaluateAsync<int>("() => window.teDashboard.markers().filter(m => String(m.id || '').startsWith('fill-')).length");
                Assert.Equal(fills.Count, fillMarkers);
                Assert.Equal(fills.Count, shownFills.Count);
                foreach (var f in shownFills)
                {
                    var hover = f.GetProperty("hover").GetString()!;
                    Assert.Contains("fill ", hover, StringComparison.Ordinal);
                    Assert.Equal(JsonValueKind.Object, f.GetProperty("signal").ValueKind); // every fill follows a signal of its node
                    Assert.Contains($"reason {f.GetProperty("signal").GetProperty("data").GetProperty("reason_code").GetInt32()} (", hover, StringComparison.Ordinal);
                }
                fillsSeen += fills.Count;

                // the selected candle's panel: its footprint as published
                foreach (var fp in outputs.Where(o => Type(o) == "footprint" && o.GetProperty("timeframe").GetString() == tf).Take(3))
                {
                    var d = fp.GetProperty("data");
                    var panel = await page.EvaluateAsync<Dictionary<string, string>>("(t) => window.teDashboard.selectCandle(t)", Seconds(d.GetProperty("bar_time").GetString()!));
                    Assert.Equal(N(d, "poc"), panel["poc"]);
                    Assert.Equal(N(d, "delta"), panel["delta"]);
                    Assert.Equal(N(d, "total_volume"), panel["total_volume"]);
                    footprintsSeen++;
                }
            }
            // the DAG: every step of the compiled pipeline, each with its last output (a number to 6 digits, else a word)
            var drawn = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.teDashboard.dag())")).RootElement.EnumerateArray().ToList();
            Assert.Equal(dag.Steps.Select((st, i) => $"{i} {st.Id}"), drawn.Select(d => $"{d.GetProperty("step").GetInt32()} {d.GetProperty("id").GetString()}"));
            var last = new Dictionary<int, JsonElement>();
            foreach (var o in outputs)
            {
                if (o.GetProperty("metadata").TryGetProperty("node_id", out var id) && id.GetInt32() >= 0)
                    last[id.GetInt32()] = o;
            }
            Assert.NotEmpty(last);
            foreach (var d in drawn)
            {
                var step = d.GetProperty("step").GetInt32();
                var value = d.GetProperty("value").GetString()!;
                if (!last.TryGetValue(step, out var o))
                {
                    Assert.Equal("–", value);
                    continue;
                }
                if (o.GetProperty("data").TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number)
                    Assert.True(Math.Abs(double.Parse(value, CultureInfo.InvariantCulture) - v.GetDouble()) <= 1e-5 * Math.Max(1, Math.Abs(v.GetDouble())), $"node {step}: shows {value}, last output {v}");
                else
                    Assert.NotEqual("–", value);
            }

            TestContext.Current.TestOutputHelper?.WriteLine($"explained {explained.Count} signals: {explained.Sum(e => e.Rows.Count)} trigger rows, {explainedValues} with a streamed output, {explained.Sum(e => e.Rows.Count(r => r.Contains(" True ", StringComparison.Ordinal)))} of the signal's own event, {carriedValues} with a value carried in the signal");
            Assert.True(explainedValues > 0, "the ES evening's signals have triggers with published outputs: the page must explain them");
            Assert.True(carriedValues > 0, "the ES evening's signals carry their trigger inputs' values: the page must show them");
            Assert.True(boxesSeen > 0, "the ES evening forms fair value gaps: the page must draw them");
            Assert.True(fillsSeen > 0, "the ES evening's strategies trade: the page must draw their fills");
            Assert.True(footprintsSeen > 0, "the ES pipeline publishes 5m footprints: the candle panel must show them");
            await page.EvaluateAsync("([s, tf]) => window.teDashboard.select(s, tf)", new[] { "ES", timeframes[0] });
            await page.WaitForTimeoutAsync(300);
            var (path, colours) = await Chromium.ScreenshotAsync(page, "dashboard", fullPage: false);
            Assert.True(colours > 50, $"{path}: {colours} distinct colours, the page looks blank");
            Assert.Empty(errors);
        }
        finally
        {
            File.Delete(outPath);
        }
    }

    private static string Type(JsonElement o) => o.GetProperty("type").GetString()!;

    /// <summary>A carried trigger value as the tests compare it: shortest round-trip text, "-" when absent.</summary>
    private static string Carried(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("R", CultureInfo.InvariantCulture) : "-";

    /// <summary>
    /// Each signal as the explanation panel must show it: its line ("price hh:mm:ss") and one row per trigger node
    /// ("node streamId sameEvent carried", id 0 when nothing was streamed before it, carried "-" when the signal holds
    /// no value for it), the nodes named by <see cref="TriggerResolver"/>, the output the last one of that node (or
    /// closed candle, for a candles:TF source) before the signal, and the value the signal carries for the node's first
    /// binding (<see cref="TriggerResolver.Bindings"/> gives the order of <c>trigger_values</c>).
    /// </summary>
    private static List<(string Timeframe, string Signal, List<string> Rows)> Explanations(List<JsonElement> outputs, CompiledDag dag)
    {
        var last = new Dictionary<string, (int Id, JsonElement O)>();
        var result = new List<(string, string, List<string>)>();
        for (var i = 0; i < outputs.Count; i++)
        {
            var o = outputs[i];
            var meta = o.GetProperty("metadata");
            var node = meta.TryGetProperty("node_id", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : -1;
            var symbol = o.GetProperty("symbol").GetString();
            if (Type(o) == "trade_signal")
            {
                var d = o.GetProperty("data");
                var codes = d.TryGetProperty("triggers", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => (ushort)x.GetInt32()).ToArray() : [];
                var seq = meta.TryGetProperty("source_sequence", out var sq) && sq.ValueKind == JsonValueKind.Number ? sq.GetInt64() : -1;
                var rows = new List<string>();
                var bindings = TriggerResolver.Bindings(dag, node, NodeIdList.Of(codes)).Select(b => b.Contains(':', StringComparison.Ordinal) ? b : b.Split('.')[0]).ToList();
                var values = d.TryGetProperty("trigger_values", out var tv) && tv.ValueKind == JsonValueKind.Array ? tv.EnumerateArray().ToList() : [];
                foreach (var name in TriggerResolver.Resolve(dag, node, NodeIdList.Of(codes)))
                {
                    var step = dag.Steps.Select((st, k) => (st, k)).Where(x => x.st.Id == name).Select(x => (int?)x.k).FirstOrDefault();
                    var first = bindings.IndexOf(name);
                    var carried = first < values.Count ? Carried(values[first]) : "-";
                    if (last.TryGetValue($"{symbol}|{step?.ToString(CultureInfo.InvariantCulture) ?? name}", out var hit))
                        rows.Add($"{name} {hit.Id} {hit.O.GetProperty("metadata").TryGetProperty("source_sequence", out var hs) && hs.ValueKind == JsonValueKind.Number && hs.GetInt64() == seq} {carried}");
                    else
                        rows.Add($"{name} 0 False {carried}");
                }
                var time = o.GetProperty("timestamp").GetString()!;
                result.Add((o.GetProperty("timeframe").GetString()!, $"{N(d, "price")} {time.Substring(11, 8)}", rows));
                continue;
            }
            if (node >= 0)
                last[$"{symbol}|{node}"] = (i + 1, o);
            if (Type(o) == "candle" && o.GetProperty("data").TryGetProperty("closed", out var c) && c.ValueKind == JsonValueKind.True)
                last[$"{symbol}|candles:{o.GetProperty("timeframe").GetString()}"] = (i + 1, o);
        }
        return result;
    }

    /// <summary>The position updates that change their node's side or quantity (fills, not marks), as "time node side price".</summary>
    private static List<string> Fills(IEnumerable<JsonElement> updates)
    {
        var last = new Dictionary<int, (string Side, double Quantity)>();
        var fills = new List<string>();
        foreach (var u in updates)
        {
            var node = u.GetProperty("metadata").GetProperty("node_id").GetInt32();
            var d = u.GetProperty("data");
            var now = (d.GetProperty("side").GetString()!, d.GetProperty("quantity").GetDouble());
            var before = last.GetValueOrDefault(node, ("flat", 0));
            last[node] = now;
            if (now != before)
                fills.Add($"{Seconds(u.GetProperty("timestamp").GetString()!)} {node} {now.Item1} {N(d, d.TryGetProperty("mark_price", out _) ? "mark_price" : "average_price")}");
        }
        return fills;
    }

    /// <summary>A number as JavaScript prints it (shortest round trip), so page text and JSON compare exactly.</summary>
    private static string N(JsonElement d, string field) => d.GetProperty(field).GetDouble().ToString("R", CultureInfo.InvariantCulture);

    private static long Seconds(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).ToUnixTimeSeconds();
}
