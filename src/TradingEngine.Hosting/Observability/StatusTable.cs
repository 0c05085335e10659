using System.Globalization;
using System.Text;

namespace TradingEngine.Hosting.Observability;

/// <summary>
/// <c>te status</c>'s table, from one scrape of a running engine's <c>/metrics</c> (and the one before it, for rates):
/// a line of ingestion and publication totals, then one row per executor (events, rate, outputs, latency quantiles,
/// failures, its input ring) and one row per symbol (events, rejected, left out, node failures).
/// </summary>
public static class StatusTable
{
    public static string Render(PrometheusScrape now, PrometheusScrape? previous = null, double secondsBetween = 0)
    {
        var b = new StringBuilder();
        var rejectedByReason = now.Find("te_input_rejected_total").Where(s => s.Value > 0).OrderByDescending(s => s.Value)
            .Select(s => $"{s.Label("reason")} {N(s.Value)}").ToList();
        b.Append(CultureInfo.InvariantCulture, $"input: received {N(now.Sum("te_input_received_total"))}, accepted {N(now.Sum("te_input_accepted_total"))}, rejected {N(now.Sum("te_input_rejected_total"))}");
        if (rejectedByReason.Count > 0)
            b.Append(" (").Append(string.Join(", ", rejectedByReason)).Append(')');
        b.Append(CultureInfo.InvariantCulture, $", dead letters {N(now.Sum("te_dead_letters_total"))}, gaps {N(now.Sum("te_nats_gap_events_total"))}, slow-consumer drops {N(now.Sum("te_nats_slow_consumer_drops_total"))}, reconnects {N(now.Sum("te_nats_reconnects_total"))}\n");
        var disconnected = now.Find("te_nats_connected").Where(s => s.Value == 0).Select(s => s.Label("connection")).ToList();
        b.Append(CultureInfo.InvariantCulture, $"output: published internal {N(now.Sum("te_published_total", ("layer", "internal")))}, public {N(now.Sum("te_published_total", ("layer", "public")))}, failures {N(now.Sum("te_publish_failures_total"))}, dropped {N(now.Sum("te_outputs_dropped_total"))}");
        b.Append(disconnected.Count > 0 ? $"; NATS DISCONNECTED: {string.Join(", ", disconnected)}\n" : "\n");

        var executorRows = new List<string[]> { (string[])["EXECUTOR", "EVENTS", "EVENTS/S", "OUTPUTS", "P50", "P99", "P99.9", "NODE FAIL", "REFUSED", "RING", "LAG"] };
        foreach (var executor in now.Find("te_executor_node_failures_total").Select(s => s.Label("executor")))
        {
            var events = now.Sum("te_executor_events_total", ("executor", executor));
            var rate = previous is null || secondsBetween <= 0 ? "-" : Rate((events - previous.Sum("te_executor_events_total", ("executor", executor))) / secondsBetween);
            var ring = "input:" + executor;
            executorRows.Add([
                executor, N(events), rate, N(now.Sum("te_executor_outputs_total", ("executor", executor))),
                Latency(now, executor, "0.5"), Latency(now, executor, "0.99"), Latency(now, executor, "0.999"),
                N(now.Sum("te_executor_node_failures_total", ("executor", executor))), N(now.Sum("te_executor_event_failures_total", ("executor", executor))),
                $"{N(now.Sum("te_ring_occupancy", ("ring", ring)))}/{N(now.Sum("te_ring_size", ("ring", ring)))}",
                N(now.Find("te_ring_consumer_lag", ("ring", ring)).Select(s => s.Value).DefaultIfEmpty(0).Max()),
            ]);
        }
        Table(b, executorRows);

        var symbolRows = new List<string[]> { (string[])["SYMBOL", "EXECUTOR", "EVENTS", "REJECTED", "LEFT OUT", "NODE FAIL"] };
        foreach (var s in now.Find("te_symbol_events_total").OrderBy(s => s.Label("symbol"), StringComparer.Ordinal))
        {
            var symbol = s.Label("symbol");
            symbolRows.Add([
                symbol, s.Label("executor"), N(s.Value), N(now.Sum("te_input_rejected_by_symbol_total", ("symbol", symbol))),
                N(now.Sum("te_symbol_left_out_total", ("symbol", symbol))), N(now.Sum("te_node_failures_total", ("symbol", symbol))),
            ]);
        }
        b.Append('\n');
        Table(b, symbolRows);
        return b.ToString();
    }

    private static string Latency(PrometheusScrape scrape, string executor, string quantile)
    {
        var found = scrape.Find("te_tick_to_output_latency_quantile_seconds", ("executor", executor), ("quantile", quantile)).ToList();
        if (found.Count == 0)
            return "-";
        var seconds = found[0].Value;
        return seconds >= 1e-3 ? (seconds * 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "ms" : (seconds * 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "us";
    }

    private static string N(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    private static string Rate(double perSecond) => perSecond >= 1e6 ? (perSecond / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M"
        : perSecond >= 1e3 ? (perSecond / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + "k"
        : perSecond.ToString("0", CultureInfo.InvariantCulture);

    private static void Table(StringBuilder b, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                // names left, figures right
                b.Append(c == 0 || (c == 1 && rows[0][1] == "EXECUTOR") ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]));
                b.Append(c == row.Length - 1 ? "\n" : "  ");
            }
        }
    }
}
