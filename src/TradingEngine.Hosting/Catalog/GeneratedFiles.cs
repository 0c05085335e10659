using TradingEngine.Timescale;
using TradingEngine.Timescale.Migrations;

namespace TradingEngine.Hosting.Catalog;

/// <summary>
/// The checked-in files generated from code, beside the message schemas: the pipeline JSON Schema and the node catalog
/// (from the node registry) and <c>schema.sql</c> (from the migrations). <c>te schema export</c> writes them, <c>te
/// schema check</c> and the drift tests compare them.
/// </summary>
public static class GeneratedFiles
{
    /// <summary>Each file's path relative to the repository root and the text it must hold.</summary>
    public static IReadOnlyList<(string RelativePath, string Content)> All()
    {
        var catalog = NodeCatalogs.Standard();
        return
        [
            (PipelineSchema.RelativePath, PipelineSchema.Generate(catalog)),
            (NodeCatalogDocument.RelativePath, NodeCatalogDocument.Generate(catalog)),
            ("src/TradingEngine.Timescale/schema.sql", MigrationCatalog.PlainSchemaScript(new TimescaleOptions { ConnectionString = "Host=localhost" })),
        ];
    }

    /// <summary>Writes every file under <paramref name="root"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(string root)
    {
        var written = new List<string>();
        foreach (var (relative, content) in All())
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            written.Add(path);
        }
        return written;
    }

    /// <summary>One line per file under <paramref name="root"/> that is missing or differs from what the code generates.</summary>
    public static IReadOnlyList<string> Diff(string root)
    {
        var problems = new List<string>();
        foreach (var (relative, content) in All())
        {
            var path = Path.Combine(root, relative);
            if (!File.Exists(path))
                problems.Add($"{relative}: missing (the code generates it)");
            else if (File.ReadAllText(path) != content)
                problems.Add($"{relative}: differs from what the code generates");
        }
        return problems;
    }
}
