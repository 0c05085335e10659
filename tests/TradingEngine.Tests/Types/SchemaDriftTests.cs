using System.Text.Json;
using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

/// <summary>The checked-in JSON Schemas are exactly what the types generate.</summary>
public class SchemaDriftTests
{
    private static string SchemaDir => Path.Combine(TestData.RepositoryRoot(), SchemaCatalog.RelativeDirectory);

    [Fact]
    public void Checked_in_schemas_match_the_types()
    {
        var problems = SchemaCatalog.Diff(SchemaDir);
        Assert.True(problems.Count == 0,
            $"the JSON Schemas in {SchemaCatalog.RelativeDirectory} drifted from the types; run `{SchemaCatalog.ExportCommand}` and commit:\n"
            + string.Join("\n", problems));
    }

    [Fact]
    public void The_drift_check_catches_an_edited_schema()
    {
        var copy = Directory.CreateTempSubdirectory("te-schemas-").FullName;
        try
        {
            SchemaCatalog.Export(copy);
            Assert.Empty(SchemaCatalog.Diff(copy));
            var tick = Path.Combine(copy, "tick.schema.json");
            File.WriteAllText(tick, File.ReadAllText(tick).Replace("\"price\"", "\"last_price\""));
            var problems = SchemaCatalog.Diff(copy);
            var problem = Assert.Single(problems);
            Assert.StartsWith("tick.schema.json: differs", problem);
            Assert.Contains("last_price", problem);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void The_drift_check_catches_missing_and_stale_files()
    {
        var copy = Directory.CreateTempSubdirectory("te-schemas-").FullName;
        try
        {
            SchemaCatalog.Export(copy);
            File.Delete(Path.Combine(copy, "rsi.schema.json"));
            File.WriteAllText(Path.Combine(copy, "trade.schema.json"), "{}");
            var problems = SchemaCatalog.Diff(copy);
            Assert.Contains("rsi.schema.json: missing (the type generates it)", problems);
            Assert.Contains("trade.schema.json: no type generates it (stale)", problems);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Schemas_describe_the_envelope()
    {
        using var doc = JsonDocument.Parse(SchemaCatalog.Generate(MessageType.Tick));
        var root = doc.RootElement;
        Assert.Equal(SchemaCatalog.SchemaDialect, root.GetProperty("$schema").GetString());
        var props = root.GetProperty("properties");
        Assert.Equal("tick", props.GetProperty("type").GetProperty("const").GetString());
        Assert.Equal(1, props.GetProperty("schema_version").GetProperty("const").GetInt32());
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        var data = props.GetProperty("data");
        Assert.Equal(["price", "size"], data.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }
}
