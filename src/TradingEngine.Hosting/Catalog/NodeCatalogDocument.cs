using System.Globalization;
using System.Text;
using TradingEngine.Engine.Dag;

namespace TradingEngine.Hosting.Catalog;

/// <summary>
/// <c>docs/nodes.md</c>, the catalog of node kinds a pipeline may name, generated from the node registry: per kind its
/// description, parameters (type, default, range or words), inputs and outputs. Checked in and kept equal to the
/// registry by a test; <c>te schema export</c> rewrites it.
/// </summary>
internal static class NodeCatalogDocument
{
    /// <summary>Where the generated page is checked in, relative to the repository root.</summary>
    public const string RelativePath = "docs/nodes.md";

    public static string Generate(NodeCatalog catalog)
    {
        var kinds = catalog.Kinds;
        var sb = new StringBuilder();
        sb.Append("# Node kinds\n\n");
        sb.Append("<!-- Generated from the node registry (src/TradingEngine.Hosting/NodeCatalogs.cs) by `te schema export`; do not edit. -->\n\n");
        sb.Append($"The {kinds.Count} kinds a pipeline's `kind:` may name (docs/pipelines.md explains the file). A parameter without a\n");
        sb.Append("default is required. Inputs are bound in order by a list (`inputs: [close_5m]`) or by name by a mapping\n");
        sb.Append("(`inputs: {source: close_5m}`); the first output is the one a reference without a port reads. Editors validate\n");
        sb.Append($"pipeline files against [`{PipelineSchema.RelativePath}`](../{PipelineSchema.RelativePath}), generated from the same registry.\n\n");
        foreach (var kind in kinds)
            sb.Append("[`").Append(kind.Name).Append("`](#").Append(kind.Name).Append(')').Append(kind == kinds[^1] ? "\n\n" : " · ");
        foreach (var kind in kinds)
            Kind(sb, kind.Info);
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    private static void Kind(StringBuilder sb, NodeKindInfo info)
    {
        sb.Append("## ").Append(info.Name).Append("\n\n");
        if (info.Description.Length > 0)
            sb.Append(Cell(info.Description)).Append("\n\n");
        if (info.Parameters.Count > 0)
        {
            sb.Append("| parameter | type | default | range | description |\n|---|---|---|---|---|\n");
            foreach (var p in info.Parameters)
                sb.Append($"| `{p.Name}` | {p.Type.ToString().ToLowerInvariant()} | {Default(p)} | {Range(p)} | {Cell(p.Description)} |\n");
            sb.Append('\n');
        }
        else
        {
            sb.Append("No parameters.\n\n");
        }
        if (info.Inputs.Count > 0)
        {
            sb.Append("| input | accepts | description |\n|---|---|---|\n");
            foreach (var i in info.Inputs)
                sb.Append($"| `{i.Name}` | {PipelineSchema.Describe(i)} | {Cell(i.Description)} |\n");
            sb.Append('\n');
        }
        sb.Append("| output | type | description |\n|---|---|---|\n");
        foreach (var o in info.Outputs)
            sb.Append($"| `{o.Name}` | {o.Type.ToString().ToLowerInvariant()} | {Cell(o.Description)} |\n");
        sb.Append('\n');
    }

    private static string Default(ParameterSpec p) => p.Default switch
    {
        null => "required",
        bool b => b ? "`true`" : "`false`",
        IFormattable f => $"`{f.ToString(null, CultureInfo.InvariantCulture)}`",
        var v => $"`{v}`",
    };

    private static string Range(ParameterSpec p)
    {
        if (p.Type == ParameterType.Choice)
            return string.Join(", ", p.Choices.Select(c => $"`{c}`"));
        if (p.Type is not (ParameterType.Integer or ParameterType.Number))
            return "";
        var min = PipelineSchema.HasBound(p.Min) ? p.Min.ToString("0.##########", CultureInfo.InvariantCulture) : null;
        var max = PipelineSchema.HasBound(p.Max) ? p.Max.ToString("0.##########", CultureInfo.InvariantCulture) : null;
        return (min, max) switch
        {
            (null, null) => "",
            (_, null) => $"≥ {min}",
            (null, _) => $"≤ {max}",
            _ => $"{min} … {max}",
        };
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
