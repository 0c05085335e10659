using System.Text.Json;
using System.Text.RegularExpressions;
using TradingEngine.Engine.Runtime;
using TradingEngine.Tests.Infra.Kustomize;
using TradingEngine.Tests.Support;
using YamlDotNet.Serialization;

namespace TradingEngine.Tests.Infra.Helm;

/// <summary>
/// infra/helm/trading-engine must deploy what infra/kustomize/base deploys. Helm is not installable here, so the chart's
/// templates are rendered with its values.yaml by <see cref="GoTemplate"/> and every object is compared, whole, with
/// <c>kubectl kustomize infra/kustomize/base</c> (generated names without kustomize's hash; the Secret, which the chart
/// leaves to the user, by reference only).
/// </summary>
public sealed partial class HelmChartTests
{
    private static readonly string[] s_compared = ["Deployment", "StatefulSet", "Service", "PersistentVolumeClaim", "ConfigMap", "ServiceMonitor"];

    private static string Chart => Path.Combine(TestData.RepositoryRoot(), "infra", "helm", "trading-engine");

    private static object Values() => new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(Path.Combine(Chart, "values.yaml")))!;

    private static K8sObjects RenderChart() => K8sObjects.Parse(GoTemplate.RenderChart(Chart, Values()), "infra/helm/trading-engine");

    [Fact]
    public void Executor_groups_of_the_values_are_those_of_the_engine_config()
    {
        var values = new YamlNode(Values(), "values.yaml");
        var groups = values.At("executors/groups").Items.Select(g => g["name"].Text).Order(StringComparer.Ordinal).ToList();
        var engine = EngineConfigLoader.LoadFile(Path.Combine(TestData.RepositoryRoot(), "pipelines", "engine.yaml"));
        Assert.Equal(engine.Executors.Select(e => e.Name).Order(StringComparer.Ordinal), groups);
        Assert.Equal(ServeContract.SingleRoles.Order(StringComparer.Ordinal), values["roles"].Entries.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Chart_renders_the_objects_of_the_kustomize_base_field_for_field()
    {
        var kustomize = KustomizeBuild.Render("base");
        var chart = RenderChart();
        var generated = kustomize.All.Where(o => o["kind"].Str is "ConfigMap" or "Secret")
            .Select(o => o.At("metadata/name").Text)
            .ToDictionary(name => name, name => GeneratedSuffix().Replace(name, ""), StringComparer.Ordinal);
        var expected = Canonical(kustomize, generated);
        var actual = Canonical(chart, new Dictionary<string, string>());
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, json) in expected)
        {
            if (actual[key] == json)
                continue;
            var e = json.Split('\n');
            var a = actual[key].Split('\n');
            var line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail($"{key}: the chart differs from the kustomize base from line {line + 1}:\n" +
                        $"kustomize: {string.Join("\n           ", e.Skip(Math.Max(0, line - 3)).Take(8))}\n" +
                        $"helm:      {string.Join("\n           ", a.Skip(Math.Max(0, line - 3)).Take(8))}");
        }
        // the chart creates no Secret but mounts the one the base generates, by its name without the hash
        var secret = generated.Single(g => kustomize.Find("Secret", g.Key) is not null).Value;
        Assert.Equal(secret, new YamlNode(Values(), "values.yaml").At("secrets/name").Text);
    }

    [Fact]
    public void Prod_values_render_the_executors_of_the_prod_overlay()
    {
        // values-prod.yaml over values.yaml (helm install -f): the executors the prod overlay deploys, field for field
        // in what the overlay changes: --stream-replicas, resources, node selector
        var values = Values();
        Merge((IDictionary<object, object>)values, (IDictionary<object, object>)new DeserializerBuilder().Build()
            .Deserialize<object>(File.ReadAllText(Path.Combine(Chart, "values-prod.yaml")))!);
        var chart = K8sObjects.Parse(GoTemplate.RenderChart(Chart, values), "infra/helm/trading-engine (values-prod.yaml)");
        var prod = KustomizeBuild.Render("overlays/prod");
        var executors = prod.Roles(ServeContract.Executor);
        Assert.NotEmpty(executors);
        Assert.Equal(executors.Select(d => d.At("metadata/name").Text).Order(StringComparer.Ordinal),
            chart.Roles(ServeContract.Executor).Select(d => d.At("metadata/name").Text).Order(StringComparer.Ordinal));
        foreach (var expected in executors)
        {
            var actual = chart.Single("Deployment", expected.At("metadata/name").Text);
            foreach (var path in new[] { "spec/template/spec/nodeSelector", "spec/template/spec/containers" })
            {
                var e = JsonSerializer.Serialize(Normalize(expected.At(path).Value, new Dictionary<string, string>()));
                var a = JsonSerializer.Serialize(Normalize(actual.At(path).Value, new Dictionary<string, string>()));
                Assert.True(e == a, $"{expected.Path} {path}: the prod overlay renders\n{e}\nthe chart with values-prod.yaml\n{a}");
            }
            Assert.Equal("3", ServeContract.Value(actual.At("spec/template/spec/containers").Items[0]["args"].Strings, "--stream-replicas"));
        }
    }

    /// <summary>Helm's merge of a values file over another: maps merged key by key, anything else replaced.</summary>
    private static void Merge(IDictionary<object, object> into, IDictionary<object, object> over)
    {
        foreach (var (key, value) in over)
        {
            if (value is IDictionary<object, object> map && into.TryGetValue(key, out var existing) && existing is IDictionary<object, object> target)
                Merge(target, map);
            else
                into[key] = value;
        }
    }

    /// <summary>Each compared object as indented JSON, keyed kind/name: maps in key order, lists of named items in name order, generated names unhashed.</summary>
    private static Dictionary<string, string> Canonical(K8sObjects objects, IReadOnlyDictionary<string, string> renames) =>
        objects.All.Where(o => s_compared.Contains(o["kind"].Str))
            .ToDictionary(
                o => $"{o["kind"].Text}/{Rename(o.At("metadata/name").Text, renames)}",
                o => JsonSerializer.Serialize(Normalize(o.Value, renames), new JsonSerializerOptions { WriteIndented = true }).Replace("\r", "", StringComparison.Ordinal),
                StringComparer.Ordinal);

    private static string Rename(string name, IReadOnlyDictionary<string, string> renames) => renames.TryGetValue(name, out var plain) ? plain : name;

    private static object? Normalize(object? node, IReadOnlyDictionary<string, string> renames) => node switch
    {
        IDictionary<object, object> map => new SortedDictionary<string, object?>(
            map.ToDictionary(e => (string)e.Key, e => Normalize(e.Value, renames), StringComparer.Ordinal), StringComparer.Ordinal),
        IList<object> list when list.Count > 0 && list.All(i => i is IDictionary<object, object> m && m.ContainsKey("name")) =>
            list.OrderBy(i => (string)((IDictionary<object, object>)i)["name"], StringComparer.Ordinal).Select(i => Normalize(i, renames)).ToList(),
        IList<object> list => list.Select(i => Normalize(i, renames)).ToList(),
        string s => Rename(s, renames),
        _ => node,
    };

    /// <summary>kustomize's content hash on a generated ConfigMap or Secret name (te-config-m94f9d6mbt).</summary>
    [GeneratedRegex("-[a-z0-9]{10}$")]
    private static partial Regex GeneratedSuffix();
}
