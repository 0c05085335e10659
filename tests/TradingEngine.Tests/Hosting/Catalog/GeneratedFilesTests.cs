using System.Globalization;
using System.Text.Json.Nodes;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Hosting;
using TradingEngine.Hosting.Catalog;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Hosting.Catalog;

/// <summary>
/// The pipeline JSON Schema and docs/nodes.md are derived from the node registry, never written by hand: the checked-in
/// copies equal what the registry generates, and the schema accepts every shipped pipeline and refuses what the
/// compiler refuses (an unknown kind, an unknown parameter, a value out of range, a port a kind does not have).
/// </summary>
public sealed class GeneratedFilesTests
{
    private static readonly NodeCatalog Catalog = NodeCatalogs.Standard();
    private static readonly JsonObject Schema = PipelineSchema.Build(Catalog);

    [Fact]
    public void Checked_in_generated_files_equal_what_the_code_generates()
    {
        var problems = GeneratedFiles.Diff(TestData.RepositoryRoot());
        Assert.True(problems.Count == 0, "generated files drifted; run `./run.sh schema export` and commit:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_drift_check_catches_an_edited_catalog_page()
    {
        var root = Directory.CreateTempSubdirectory("te-generated-").FullName;
        try
        {
            GeneratedFiles.Write(root);
            Assert.Empty(GeneratedFiles.Diff(root));
            var page = Path.Combine(root, NodeCatalogDocument.RelativePath);
            File.WriteAllText(page, File.ReadAllText(page).Replace("| `period` |", "| `length` |", StringComparison.Ordinal));
            Assert.Equal([$"{NodeCatalogDocument.RelativePath}: differs from what the code generates"], GeneratedFiles.Diff(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_schema_and_the_page_name_every_registered_kind_with_its_parameters_and_ports()
    {
        var page = NodeCatalogDocument.Generate(Catalog);
        var kindEnum = Schema["properties"]!["nodes"]!["items"]!["properties"]!["kind"]!["enum"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.Equal(Catalog.Kinds.Select(k => k.Name), kindEnum);
        foreach (var kind in Catalog.Kinds)
        {
            Assert.Contains($"\n## {kind.Name}\n", page, StringComparison.Ordinal);
            var rules = KindRules(kind.Name);
            var parameters = rules["properties"]!["params"]!["properties"]!.AsObject();
            Assert.Equal(kind.Info.Parameters.Select(p => p.Name), parameters.Select(p => p.Key));
            Assert.Equal(kind.Info.Outputs.Select(o => o.Name), OutputEnum(rules));
            foreach (var p in kind.Info.Parameters)
                Assert.Contains($"| `{p.Name}` |", page, StringComparison.Ordinal);
        }
        var ema = KindRules("ema")["properties"]!["params"]!["properties"]!["period"]!;
        Assert.Equal("integer", (string)ema["type"]!);
        Assert.True(ema["minimum"] is not null, "ema period has a lower bound in the registry");
    }

    public static TheoryData<string> ShippedPipelines()
    {
        var data = new TheoryData<string>();
        foreach (var dir in (string[])["pipelines", "perf/pipelines"])
            foreach (var file in Directory.GetFiles(Path.Combine(TestData.RepositoryRoot(), dir), "*.yaml").Order(StringComparer.Ordinal))
                if (File.ReadAllText(file).Contains("\nnodes:", StringComparison.Ordinal))
                    data.Add(Path.GetRelativePath(TestData.RepositoryRoot(), file));
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedPipelines))]
    public void Every_shipped_pipeline_satisfies_the_schema(string file)
    {
        var spec = PipelineLoader.LoadFile(Path.Combine(TestData.RepositoryRoot(), file));
        Assert.Empty(spec.Nodes.SelectMany(Violations));
    }

    [Theory]
    [InlineData("kind: emma\n    params: {period: 9}", "kind 'emma' is not registered")]
    [InlineData("kind: ema\n    params: {length: 9}", "ema has no parameter 'length'")]
    [InlineData("kind: ema\n    params: {period: 0}", "ema.period 0 is below its minimum")]
    public void The_schema_refuses_what_the_compiler_refuses(string node, string expected)
    {
        var spec = PipelineLoader.Parse(WithNode(node), "bad.yaml");
        Assert.Contains(expected, spec.Nodes.SelectMany(Violations));
        Assert.ThrowsAny<Exception>(() => DagCompiler.Compile(spec, Catalog));
    }

    /// <summary>
    /// A publish/persist port the kind lacks: the schema flags it, while DagCompiler.SelectPorts drops the unknown name
    /// without a word today (left to the Dag owner; this test changes when the compiler refuses it too).
    /// </summary>
    [Fact]
    public void A_publish_port_the_kind_lacks_is_flagged_by_the_schema_and_refused_by_the_compiler()
    {
        var spec = PipelineLoader.Parse(WithNode("kind: ema\n    params: {period: 9}\n    publish: [signal]"), "bad.yaml");
        Assert.Contains("ema has no output 'signal'", spec.Nodes.SelectMany(Violations));
        // before: compiled with the port left out, so the node published nothing and nothing said so
        var ex = Assert.Throws<PipelineException>(() => DagCompiler.Compile(spec, Catalog));
        Assert.Contains("publish port 'signal' is not an output of kind 'ema' (outputs: value)", Assert.Single(ex.Errors).ToString(), StringComparison.Ordinal);
    }

    private static string WithNode(string node) =>
        $"timeframes: [1m]\nnodes:\n  - id: c\n    kind: candle_field\n    inputs: [candles:1m]\n  - id: x\n    {node}\n    inputs: [c]\n";

    private static JsonObject KindRules(string kind) =>
        Schema["properties"]!["nodes"]!["items"]!["allOf"]!.AsArray()
            .Single(r => (string)r!["if"]!["properties"]!["kind"]!["const"]! == kind)!["then"]!.AsObject();

    private static IEnumerable<string> OutputEnum(JsonObject rules) =>
        rules["properties"]!["publish"]!["oneOf"]![1]!["enum"]!.AsArray().Select(n => (string)n!);

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>The schema's node rules applied to a loaded node: what a JSON Schema validator in an editor reports.</summary>
    private static IEnumerable<string> Violations(NodeSpec node)
    {
        if (!Catalog.Contains(node.Kind))
        {
            yield return $"kind '{node.Kind}' is not registered";
            yield break;
        }
        var rules = KindRules(node.Kind);
        var parameters = rules["properties"]!["params"]!["properties"]!.AsObject();
        foreach (var p in node.Parameters)
        {
            if (parameters[p.Name] is not JsonObject schema)
            {
                yield return $"{node.Kind} has no parameter '{p.Name}'";
                continue;
            }
            if (schema["enum"] is JsonArray words && !words.Any(w => (string)w! == p.Text))
                yield return $"{node.Kind}.{p.Name} '{p.Text}' is not one of its words";
            var type = (string?)schema["type"];
            if (type is "integer" or "number")
            {
                if (!double.TryParse(p.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || (type == "integer" && v != Math.Floor(v)))
                    yield return $"{node.Kind}.{p.Name} '{p.Text}' is not {type}";
                else if (schema["minimum"] is { } min && v < Number(min))
                    yield return $"{node.Kind}.{p.Name} {p.Text} is below its minimum";
                else if (schema["maximum"] is { } max && v > Number(max))
                    yield return $"{node.Kind}.{p.Name} {p.Text} is above its maximum";
            }
            if (type == "boolean" && p.Text is not ("true" or "false"))
                yield return $"{node.Kind}.{p.Name} '{p.Text}' is not boolean";
        }
        if (rules["properties"]!["params"]!["required"] is JsonArray required)
            foreach (var name in required.Select(n => (string)n!))
                if (!node.Parameters.Any(p => p.Name == name))
                    yield return $"{node.Kind} needs parameter '{name}'";
        var ports = rules["properties"]!["inputs"]!["then"]!["properties"]!.AsObject();
        foreach (var input in node.Inputs)
            if (input.Port is { } port && !ports.ContainsKey(port))
                yield return $"{node.Kind} has no input '{port}'";
        var outputs = OutputEnum(rules).ToHashSet();
        foreach (var port in node.Publish.Ports.Concat(node.Persist.Ports))
            if (!outputs.Contains(port))
                yield return $"{node.Kind} has no output '{port}'";
    }
}
