using System.CommandLine;
using TradingEngine.Hosting.Catalog;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te schema export [--out DIR]</c>: writes the JSON Schema of every catalog message (one file per type) into
/// <c>src/TradingEngine.Types/schemas/</c> of the repository (found by walking up to TradingEngine.sln), or into DIR.
/// <c>te schema check [--dir DIR]</c> reports drift between the checked-in schemas and the types (exit 1 on drift).
/// Without --out/--dir both also cover the other generated files (<see cref="GeneratedFiles"/>: the pipeline schema,
/// docs/nodes.md, schema.sql).
/// </summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo?>("--out") { Description = $"directory to write into (default: <repo>/{SchemaCatalog.RelativeDirectory})" };
        var export = new Command("export", "write one JSON Schema per message type") { outDir };
        export.SetAction(result =>
        {
            var dir = result.GetValue(outDir)?.FullName ?? DefaultDirectory();
            if (dir is null)
            {
                Console.Error.WriteLine("te schema export: no repository found above the current directory (TradingEngine.sln); give --out DIR");
                return 2;
            }
            var written = SchemaCatalog.Export(dir);
            Console.Out.WriteLine($"wrote {written.Count} schemas to {dir}");
            if (result.GetValue(outDir) is null && RepositoryRoot() is { } root)
                foreach (var path in GeneratedFiles.Write(root))
                    Console.Out.WriteLine($"wrote {path}");
            return 0;
        });

        var checkDir = new Option<DirectoryInfo?>("--dir") { Description = $"directory to check (default: <repo>/{SchemaCatalog.RelativeDirectory})" };
        var check = new Command("check", "compare the checked-in schemas with what the types generate") { checkDir };
        check.SetAction(result =>
        {
            var dir = result.GetValue(checkDir)?.FullName ?? DefaultDirectory();
            if (dir is null)
            {
                Console.Error.WriteLine("te schema check: no repository found above the current directory (TradingEngine.sln); give --dir DIR");
                return 2;
            }
            var problems = SchemaCatalog.Diff(dir).ToList();
            if (result.GetValue(checkDir) is null && RepositoryRoot() is { } root)
                problems.AddRange(GeneratedFiles.Diff(root));
            foreach (var p in problems)
                Console.Out.WriteLine(p);
            if (problems.Count == 0)
            {
                Console.Out.WriteLine($"{SchemaCatalog.Types.Count} schemas in {dir} match the types");
                return 0;
            }
            Console.Out.WriteLine($"schemas drifted: run {SchemaCatalog.ExportCommand} and commit the result");
            return 1;
        });

        return new Command("schema", "JSON Schemas of the external message contract") { export, check };
    }

    /// <summary>The schemas folder of the repository enclosing the current directory (or the tool's own location).</summary>
    public static string? DefaultDirectory() => RepositoryRoot() is { } root ? Path.Combine(root, SchemaCatalog.RelativeDirectory) : null;

    /// <summary>The repository enclosing the current directory (or the tool's own location): the folder of TradingEngine.sln.</summary>
    private static string? RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TradingEngine.sln")))
                    return dir.FullName;
        }
        return null;
    }
}
