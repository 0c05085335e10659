using System.Text.RegularExpressions;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Engine;

/// <summary>
/// The folders of src/TradingEngine.Engine (one namespace each: Aggregation, Dag, Nodes, Pipelines, Runtime, State, …)
/// depend on each other without a cycle, so each can be read and changed from the ones below it. A folder depends on
/// another when one of its files names a type declared there (a plain identifier outside comments and strings) or
/// names the namespace itself (<c>using TradingEngine.Engine.X</c>, <c>X.Type</c>). The cycles this replaced: Dag ↔
/// Nodes (a type test on the candle_field node), Runtime ↔ State (the snapshot took a SymbolPipeline), Dag ↔
/// Pipelines (the instrument binding read the node catalog from Pipelines/).
/// </summary>
public sealed partial class EngineFolderDependencyTests
{
    [Fact]
    public void The_folders_of_Engine_depend_on_each_other_without_a_cycle()
    {
        var graph = Graph();
        var cycle = FindCycle(graph.Keys.ToList(), graph);
        Assert.True(cycle is null, cycle is null ? "" : "Engine's folders have a cycle:\n" + string.Join("\n", cycle!));
    }

    [Fact]
    public void The_executor_depends_on_no_node_kind_and_snapshots_on_no_runtime()
    {
        var graph = Graph();
        Assert.False(graph["Dag"].ContainsKey("Nodes"), graph["Dag"].GetValueOrDefault("Nodes"));
        Assert.False(graph["State"].ContainsKey("Runtime"), graph["State"].GetValueOrDefault("Runtime"));
        // the direction that holds: nodes are built on the executor, the runtime takes snapshots through State
        Assert.True(graph["Nodes"].ContainsKey("Dag"));
        Assert.True(graph["Runtime"].ContainsKey("State"));
    }

    [Fact]
    public void The_analysis_sees_a_dependency_through_a_type_name_alone()
    {
        // a folder that names another's type without a using (same root namespace) is still a dependency, and one
        // named in a comment or a string is not
        var types = new Dictionary<string, string> { ["PipelineSnapshot"] = "State", ["SymbolPipeline"] = "Runtime", ["NodeKind"] = "Dag" };
        var code = StripCommentsAndStrings("public void W() => State.PipelineSnapshot.Write(Dag, output); // SymbolPipeline\nvar s = \"SymbolPipeline\";");
        Assert.Equal(["State"], References("Nodes", code, types).Keys);
        Assert.Equal(["Dag"], References("Runtime", "NodeKind kind = default;", types).Keys);
    }

    // folder → (folder it uses → first evidence "file:line: code")
    private static Dictionary<string, Dictionary<string, string>> Graph()
    {
        var root = Path.Combine(TestData.RepositoryRoot(), "src", "TradingEngine.Engine");
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path: f, Folder: FolderOf(root, f), Code: StripCommentsAndStrings(File.ReadAllText(f))))
            .Where(f => f.Folder is not null)
            .ToList();
        // type name → the one folder declaring it (names declared in several folders, e.g. ThrowHelper, are ambiguous: skipped)
        var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            foreach (Match m in Declaration().Matches(f.Code))
            {
                var name = m.Groups["name"].Value;
                if (!declared.TryGetValue(name, out var folders))
                    declared[name] = folders = [];
                folders.Add(f.Folder!);
            }
        }
        var types = declared.Where(d => d.Value.Count == 1).ToDictionary(d => d.Key, d => d.Value.Single(), StringComparer.Ordinal);
        var graph = files.Select(f => f.Folder!).Distinct().ToDictionary(f => f, _ => new Dictionary<string, string>());
        foreach (var f in files)
        {
            foreach (var (target, evidence) in References(f.Folder!, f.Code, types))
            {
                graph.TryAdd(target, []);
                graph[f.Folder!].TryAdd(target, $"{Path.GetRelativePath(root, f.Path)}:{evidence}");
            }
        }
        return graph;
    }

    private static Dictionary<string, string> References(string folder, string code, Dictionary<string, string> types)
    {
        var found = new Dictionary<string, string>();
        var lines = code.Split('\n');
        var folders = types.Values.ToHashSet();
        folders.Add(folder);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            foreach (Match m in Qualified().Matches(line))
                Add(m.Groups["folder"].Value);
            foreach (Match m in Identifier().Matches(line))
            {
                var word = m.Value;
                var preceded = m.Index > 0 && line[m.Index - 1] == '.';
                if (!preceded && types.TryGetValue(word, out var owner))
                    Add(owner);
                // a namespace named relative to TradingEngine.Engine (State.PipelineSnapshot): a folder name, not a member
                else if (!preceded && folders.Contains(word) && m.Index + word.Length < line.Length && line[m.Index + word.Length] == '.'
                         && m.Index + word.Length + 1 < line.Length && char.IsUpper(line[m.Index + word.Length + 1]) && types.ContainsKey(NextWord(line, m.Index + word.Length + 1)))
                    Add(word);
            }

            void Add(string target)
            {
                if (target != folder)
                    found.TryAdd(target, $"{i + 1}: {line.Trim()}");
            }
        }
        return found;
    }

    private static string NextWord(string line, int start)
    {
        var end = start;
        while (end < line.Length && (char.IsLetterOrDigit(line[end]) || line[end] == '_'))
            end++;
        return line[start..end];
    }

    private static string? FolderOf(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
        return relative.Length > 1 ? relative[0] : null;
    }

    // Comments, string and char literals blanked (line breaks kept, so line numbers stay right).
    private static string StripCommentsAndStrings(string code)
    {
        var sb = new System.Text.StringBuilder(code.Length);
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '/' && i + 1 < code.Length && code[i + 1] == '/')
            {
                while (i < code.Length && code[i] != '\n')
                    i++;
                if (i < code.Length)
                    sb.Append('\n');
            }
            else if (c == '/' && i + 1 < code.Length && code[i + 1] == '*')
            {
                i += 2;
                while (i + 1 < code.Length && !(code[i] == '*' && code[i + 1] == '/'))
                {
                    if (code[i] == '\n')
                        sb.Append('\n');
                    i++;
                }
                i++;
            }
            else if (c == '"' || c == '\'')
            {
                // verbatim and raw strings are rare here; an escaped quote ends nothing
                var quote = c;
                sb.Append(quote);
                i++;
                while (i < code.Length && code[i] != quote && code[i] != '\n')
                {
                    if (code[i] == '\\')
                        i++;
                    i++;
                }
                sb.Append(quote);
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static List<string>? FindCycle(List<string> nodes, Dictionary<string, Dictionary<string, string>> graph)
    {
        var state = nodes.ToDictionary(n => n, _ => 0); // 0 new, 1 on the path, 2 done
        var path = new List<string>();
        foreach (var start in nodes)
        {
            if (Visit(start) is { } cycle)
                return cycle;
        }
        return null;

        List<string>? Visit(string node)
        {
            if (state[node] == 2)
                return null;
            if (state[node] == 1)
            {
                var from = path.IndexOf(node);
                var cycle = path.Skip(from).Append(node).ToList();
                return cycle.Zip(cycle.Skip(1), (a, b) => $"{a} -> {b} ({graph[a][b]})").ToList();
            }
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node].Keys.Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } cycle)
                    return cycle;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+(?<name>[A-Z]\w*)|\bdelegate\s+[\w<>\[\],.?*\s]+?\s(?<name>[A-Z]\w*)\s*[<(]")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"TradingEngine\.Engine\.(?<folder>[A-Z]\w*)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"\b[A-Za-z_]\w*\b")]
    private static partial Regex Identifier();
}
