using System.Text.Json;
using System.Text.RegularExpressions;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Infra;

/// <summary>
/// infra/grafana/trading-engine.json against the exporter: every metric a panel's query names must be a family some
/// role writes (a <c>Family("…")</c>, or a <see cref="TradingEngine.Hosting.Observability.RoleMetrics"/> counter or
/// gauge, in src/), so a renamed metric breaks this test instead of a panel going blank. The live scrape of te run
/// checks the same queries against a real engine (LiveMetricsTests).
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    public static string DashboardPath => Path.Combine(TestData.RepositoryRoot(), "infra", "grafana", "trading-engine.json");

    /// <summary>Every metric name the dashboard's queries use (histogram and summary suffixes removed).</summary>
    public static IReadOnlyList<string> QueriedMetrics()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var panel in json.RootElement.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                foreach (Match m in MetricName().Matches(target.GetProperty("expr").GetString()!))
                    names.Add(Suffix().Replace(m.Value, ""));
            }
        }
        var variables = json.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("definition").GetString()!);
        foreach (var definition in variables)
        {
            foreach (Match m in MetricName().Matches(definition))
                names.Add(m.Value);
        }
        return [.. names];
    }

    [Fact]
    public void Every_metric_a_panel_queries_is_one_the_engine_exports()
    {
        var exported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestData.RepositoryRoot(), "src"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match m in Exported().Matches(File.ReadAllText(file)))
                exported.Add(m.Groups[1].Value);
        }
        var queried = QueriedMetrics();
        Assert.True(queried.Count >= 20, $"only {queried.Count} metrics found in {DashboardPath}");
        var missing = queried.Where(n => !exported.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"{DashboardPath} queries metrics no role exports: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_dashboard_is_importable_with_a_prometheus_datasource_input_and_unique_panel_ids()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var root = json.RootElement;
        Assert.Equal("DS_PROMETHEUS", root.GetProperty("__inputs")[0].GetProperty("name").GetString());
        var ids = root.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(root.GetProperty("panels").EnumerateArray(), p => Assert.NotEqual(0, p.GetProperty("targets").GetArrayLength()));
    }

    [GeneratedRegex(@"\b(?:te|process|dotnet)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"_(?:bucket|sum|count)$")]
    private static partial Regex Suffix();

    [GeneratedRegex(@"(?:Family|Counter|Gauge)\((?:w, )?""((?:te|process|dotnet)_[a-z0-9_]+)""")]
    private static partial Regex Exported();
}
