using TradingEngine.Hosting;
using System.CommandLine;
using System.Globalization;
using System.Text;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Nodes;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Strategies;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te dag PIPELINE [--format dot|mermaid] [--kinds]</c>: validates a pipeline and draws its compiled
/// graph: sources and nodes grouped by timeframe (subgraphs), arrows from what a node reads, and each
/// node's step number in execution order. Validation errors are printed one per line (file:line: node …),
/// exit code 1. <c>--kinds</c> lists every registered node kind with its ports and parameters instead.
/// </summary>
internal static class DagCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<FileInfo?>("PIPELINE") { Description = "pipeline YAML file (e.g. pipelines/es_futures.yaml)", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format") { Description = "dot, mermaid or json (the graph te dashboard draws)", DefaultValueFactory = _ => "mermaid" };
        var kinds = new Option<bool>("--kinds") { Description = "list the registered node kinds instead of drawing a pipeline" };
        var command = new Command("dag", "validate a pipeline and draw its compiled DAG (DOT or Mermaid)") { pipeline, format, kinds };
        command.SetAction(result =>
        {
            var catalog = Catalog();
            if (result.GetValue(kinds))
            {
                Console.Out.Write(DescribeKinds(catalog));
                return 0;
            }
            var file = result.GetValue(pipeline);
            var fmt = result.GetValue(format) ?? "mermaid";
            if (file is null)
            {
                Console.Error.WriteLine("te dag: give a pipeline file (or --kinds)");
                return 2;
            }
            if (fmt is not ("dot" or "mermaid" or "json"))
            {
                Console.Error.WriteLine($"te dag: --format '{fmt}' is not dot, mermaid or json");
                return 2;
            }
            try
            {
                var dag = DagCompiler.Compile(PipelineLoader.LoadFile(file.ToString()), catalog);
                Console.Out.Write(Render(dag, fmt));
                return 0;
            }
            catch (PipelineException ex)
            {
                foreach (var error in ex.Errors)
                    Console.Error.WriteLine(error);
                return 1;
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"te dag: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    internal static NodeCatalog Catalog() => NodeCatalogs.Standard();

    internal static string Render(CompiledDag dag, string format)
    {
        var groups = Groups(dag);
        if (format == "json")
            return RenderJson(dag, groups);
        var sb = new StringBuilder();
        if (format == "dot")
        {
            sb.Append(CultureInfo.InvariantCulture, $"digraph \"{dag.Pipeline.Name}\" {{\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
            var cluster = 0;
            foreach (var (label, sources, steps) in groups)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  subgraph cluster_{cluster++} {{\n    label=\"{label}\";\n");
                foreach (var s in sources)
                    sb.Append(CultureInfo.InvariantCulture, $"    \"{SourceId(dag, s)}\" [label=\"{dag.SourceName(s)}\", shape=ellipse];\n");
                foreach (var i in steps)
                    sb.Append(CultureInfo.InvariantCulture, $"    \"{dag.Steps[i].Id}\" [label=\"{i + 1}. {dag.Steps[i].Id}\\n{dag.Steps[i].Kind.Name}\"];\n");
                sb.Append("  }\n");
            }
            foreach (var (from, to) in Edges(dag))
                sb.Append(CultureInfo.InvariantCulture, $"  \"{from}\" -> \"{to}\";\n");
            sb.Append("}\n");
        }
        else
        {
            sb.Append("flowchart LR\n");
            var cluster = 0;
            foreach (var (label, sources, steps) in groups)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  subgraph g{cluster++}[\"{label}\"]\n");
                foreach (var s in sources)
                    sb.Append(CultureInfo.InvariantCulture, $"    {SourceId(dag, s)}([\"{dag.SourceName(s)}\"])\n");
                foreach (var i in steps)
                    sb.Append(CultureInfo.InvariantCulture, $"    {dag.Steps[i].Id}[\"{i + 1}. {dag.Steps[i].Id}<br/>{dag.Steps[i].Kind.Name}\"]\n");
                sb.Append("  end\n");
            }
            foreach (var (from, to) in Edges(dag))
                sb.Append(CultureInfo.InvariantCulture, $"  {from} --> {to}\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// The graph as data: <c>{"pipeline", "groups": [{"label", "sources": [{"id", "name"}], "steps": [{"step", "id",
    /// "kind", "ports"}]}], "edges": [{"from", "to"}]}</c>, where <c>step</c> is the node's index in execution order, the
    /// <c>node_id</c> its outputs carry, and <c>ports</c> what is bound to each input port (node ids or sources such as
    /// <c>candles:5m</c>), from which a signal's trigger codes (<see cref="TriggerPorts"/>) name their nodes. te dashboard
    /// serves it at /api/dag, draws it with each node's last value and explains a clicked signal with it.
    /// </summary>
    private static string RenderJson(CompiledDag dag, List<(string Label, List<int> Sources, List<int> Steps)> groups)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("pipeline", dag.Pipeline.Name);
            w.WriteStartArray("groups");
            foreach (var (label, sources, steps) in groups)
            {
                w.WriteStartObject();
                w.WriteString("label", label);
                w.WriteStartArray("sources");
                foreach (var src in sources)
                {
                    w.WriteStartObject();
                    w.WriteString("id", SourceId(dag, src));
                    w.WriteString("name", dag.SourceName(src));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("steps");
                foreach (var i in steps)
                {
                    w.WriteStartObject();
                    w.WriteNumber("step", i);
                    w.WriteString("id", dag.Steps[i].Id);
                    w.WriteString("kind", dag.Steps[i].Kind.Name);
                    w.WriteStartArray("ports");
                    for (var port = 0; port < dag.Steps[i].Kind.Info.Inputs.Count; port++)
                    {
                        w.WriteStartArray();
                        foreach (var bound in TriggerResolver.Resolve(dag, i, NodeIdList.Of(TriggerPorts.Code(port, TriggerPorts.AllBindings))))
                            w.WriteStringValue(bound);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("edges");
            foreach (var (from, to) in Edges(dag))
            {
                w.WriteStartObject();
                w.WriteString("from", from);
                w.WriteString("to", to);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static List<(string Label, List<int> Sources, List<int> Steps)> Groups(CompiledDag dag)
    {
        var used = new SortedSet<int>();
        foreach (var step in dag.Steps)
        {
            foreach (var name in step.Sources)
                used.Add(SignalOf(dag, name));
        }
        var result = new List<(string, List<int>, List<int>)>();
        void Add(string label, Func<int, bool> sourceIn, int group)
        {
            var sources = used.Where(sourceIn).ToList();
            var steps = Enumerable.Range(0, dag.Steps.Count).Where(i => dag.Steps[i].Group == group).ToList();
            if (sources.Count > 0 || steps.Count > 0)
                result.Add((label, sources, steps));
        }
        Add("ticks & quotes", s => s is 0 or 1, CompiledStep.TickGroup);
        for (var tf = 0; tf < dag.Timeframes.Length; tf++)
        {
            var index = tf;
            Add(dag.Timeframes[tf].ToString(), s => s >= 4 && (s - 4) / 3 == index, tf);
        }
        Add("cross-timeframe", _ => false, CompiledStep.MixedGroup);
        Add("timer & gaps", s => s is 2 or 3, CompiledStep.OtherGroup);
        return result;
    }

    private static IEnumerable<(string From, string To)> Edges(CompiledDag dag)
    {
        foreach (var step in dag.Steps)
        {
            foreach (var name in step.Sources)
                yield return (SourceId(dag, SignalOf(dag, name)), step.Id);
            foreach (var up in step.Upstream)
                yield return (dag.Steps[up].Id, step.Id);
        }
    }

    private static int SignalOf(CompiledDag dag, string name)
    {
        for (var s = 0; s < dag.SourceCount; s++)
        {
            if (dag.SourceName(s) == name)
                return s;
        }
        throw new InvalidOperationException($"source '{name}' is not in the compiled DAG");
    }

    // Source names contain ':' and '.', which neither DOT ids nor Mermaid ids like unquoted.
    private static string SourceId(CompiledDag dag, int signal) =>
        "src_" + new string(dag.SourceName(signal).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    internal static string DescribeKinds(NodeCatalog catalog)
    {
        var sb = new StringBuilder();
        foreach (var kind in catalog.Kinds)
        {
            var info = kind.Info;
            sb.Append(CultureInfo.InvariantCulture, $"{info.Name}: {info.Description}\n");
            sb.Append("  inputs:  ").AppendJoin(", ", info.Inputs.Select(p => $"{p.Name}: {p.Type}{(p.Variadic ? "..." : "")}{(p.Optional ? "?" : "")}")).Append('\n');
            sb.Append("  outputs: ").AppendJoin(", ", info.Outputs.Select(p => $"{p.Name}: {p.Type}")).Append('\n');
            if (info.Parameters.Count > 0)
            {
                sb.Append("  params:  ").AppendJoin(", ", info.Parameters.Select(p =>
                    $"{p.Name}: {p.Type}{(p.Default is { } d ? " = " + Convert.ToString(d, CultureInfo.InvariantCulture) : " (required)")}")).Append('\n');
            }
        }
        return sb.ToString();
    }
}
