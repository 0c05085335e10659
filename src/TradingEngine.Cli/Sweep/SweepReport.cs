using TradingEngine.Hosting;
using System.Globalization;
using System.Text.Json;
using TradingEngine.Types;

namespace TradingEngine.Cli.Sweep;

/// <summary>
/// The results of a sweep: one row per variant and window (in-sample), the walk-forward out-of-sample rows apart, and
/// the throughput. Written as results.csv and results.json, and printed one line per variant.
/// </summary>
internal sealed record SweepReport(SweepSpec Spec, IReadOnlyList<SweepVariantResult> InSample, IReadOnlyList<SweepVariantResult> OutOfSample,
    IReadOnlyList<SweepFold> Folds, TimeSpan Elapsed)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public int VariantRuns => InSample.Count + OutOfSample.Count;

    public double VariantsPerSecond => VariantRuns / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public void Print(TextWriter writer)
    {
        var first = InSample.FirstOrDefault()?.Summary;
        if (first is not null)
            writer.WriteLine($"input: {first.Input}: {first.Events:N0} events in the first window");
        foreach (var r in InSample)
            writer.WriteLine(Line(r, Folds.Count > 0 ? "in-sample " : ""));
        foreach (var f in Folds)
            writer.WriteLine(Line(f.OutOfSample, $"out-of-sample fold {f.Fold} [{UtcNanos.ToIso8601(f.TestFrom)}, {UtcNanos.ToIso8601(f.TestTo)}) "));
        if (Folds.Count > 0)
            writer.WriteLine(string.Create(Inv, $"walk-forward: {Folds.Count} folds, out-of-sample net P&L {OutOfSample.Sum(r => r.NetPnl):F2}, trades {OutOfSample.Sum(r => r.Trades)}"));
        writer.WriteLine(string.Create(Inv, $"sweep: {VariantRuns} variant runs in {Elapsed.TotalSeconds:F2} s, {VariantsPerSecond:F2} variants/s"));
    }

    private static string Line(SweepVariantResult r, string prefix)
    {
        var refused = r.Summary.Drops.Where(d => d.Refused).Sum(d => d.Count);
        return string.Create(Inv, $"{prefix}{r.Name} {r.ParameterText}: trades {r.Trades}, net P&L {r.NetPnl:F2} {r.Currency}, max drawdown {r.MaxDrawdown:F2}, " +
            $"win rate {r.WinRate:P1}, signals {r.Summary.Signals}, refused {refused}, node failures {r.Summary.NodeFailures}, hash {r.Summary.HashText}");
    }

    /// <summary>results.csv: one row per variant and window (window: in_sample, or out_of_sample_K).</summary>
    public void WriteCsv(TextWriter writer)
    {
        var keys = Spec.Parameters.Select(p => p.Key).ToList();
        writer.WriteLine($"window,variant,{string.Join(",", keys)},trades,net_pnl,max_drawdown,win_rate,signals,events,node_failures,hash");
        foreach (var (window, r) in Rows())
        {
            writer.WriteLine(string.Create(Inv,
                $"{window},{r.Name},{string.Join(",", r.Parameters.Select(p => p.Value))},{r.Trades},{r.NetPnl:F2},{r.MaxDrawdown:F2},{r.WinRate:F4},{r.Summary.Signals},{r.Summary.Events},{r.Summary.NodeFailures},{r.Summary.HashText}"));
        }
    }

    public void WriteJson(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("metric", Spec.Metric);
        json.WriteString("search", Spec.Random ? "random" : "grid");
        json.WriteNumber("variant_runs", VariantRuns);
        json.WriteNumber("elapsed_seconds", Math.Round(Elapsed.TotalSeconds, 3));
        json.WriteNumber("variants_per_second", Math.Round(VariantsPerSecond, 3));
        json.WritePropertyName("in_sample");
        WriteRows(json, InSample);
        json.WritePropertyName("out_of_sample");
        json.WriteStartArray();
        foreach (var f in Folds)
        {
            json.WriteStartObject();
            json.WriteNumber("fold", f.Fold);
            json.WriteString("train_from", UtcNanos.ToIso8601(f.TrainFrom));
            json.WriteString("test_from", UtcNanos.ToIso8601(f.TestFrom));
            json.WriteString("test_to", UtcNanos.ToIso8601(f.TestTo));
            json.WriteString("chosen", f.Best.Name);
            json.WritePropertyName("result");
            WriteRow(json, f.OutOfSample);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private IEnumerable<(string Window, SweepVariantResult Row)> Rows()
    {
        foreach (var r in InSample)
            yield return ("in_sample", r);
        foreach (var f in Folds)
            yield return ($"out_of_sample_{f.Fold}", f.OutOfSample);
    }

    private static void WriteRows(Utf8JsonWriter json, IEnumerable<SweepVariantResult> rows)
    {
        json.WriteStartArray();
        foreach (var r in rows)
            WriteRow(json, r);
        json.WriteEndArray();
    }

    private static void WriteRow(Utf8JsonWriter json, SweepVariantResult r)
    {
        json.WriteStartObject();
        json.WriteString("variant", r.Name);
        json.WriteStartObject("parameters");
        foreach (var p in r.Parameters)
            json.WriteString(p.Key, p.Value);
        json.WriteEndObject();
        json.WriteString("from", r.Summary.Events == 0 ? null : UtcNanos.ToIso8601(r.Summary.FirstEventTime));
        json.WriteString("to", r.Summary.Events == 0 ? null : UtcNanos.ToIso8601(r.Summary.LastEventTime));
        json.WriteNumber("events", r.Summary.Events);
        json.WriteNumber("trades", r.Trades);
        json.WriteNumber("net_pnl", Math.Round(r.NetPnl, 2));
        json.WriteString("currency", r.Currency);
        json.WriteNumber("max_drawdown", Math.Round(r.MaxDrawdown, 2));
        json.WriteNumber("win_rate", Math.Round(r.WinRate, 4));
        json.WriteNumber("signals", r.Summary.Signals);
        json.WriteNumber("node_failures", r.Summary.NodeFailures);
        json.WriteStartArray("refused");
        foreach (var d in r.Summary.Drops)
        {
            json.WriteStartObject();
            json.WriteString("reason", d.Reason);
            json.WriteNumber("count", d.Count);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("hash", r.Summary.HashText);
        json.WriteEndObject();
    }
}
