using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using YamlDotNet.Serialization;

namespace TradingEngine.Tests.Infra.Helm;

/// <summary>
/// Renders a Helm chart's templates without Helm (not installable here) for the subset of Go templates the chart
/// uses: text with <c>{{ }}</c> actions and their <c>{{-</c>/<c>-}}</c> trimming, comments, <c>define</c>/<c>include</c>,
/// <c>if</c>/<c>else</c>, <c>range</c> (with <c>$k, $v :=</c> or <c>$v :=</c>) over lists and maps (keys in order, as
/// Go does), fields of <c>.</c>, <c>$</c> and variables, pipelines, and the functions toYaml, nindent, indent, quote,
/// toJson, base, eq, plus <c>.Files.Get</c> and <c>.Files.Glob</c>. Anything else is an error naming the template
/// and the action, so the chart cannot use a construct this renderer would get wrong silently.
/// </summary>
public sealed class GoTemplate
{
    private readonly Dictionary<string, List<Node>> _defines = new(StringComparer.Ordinal);

    /// <summary>Every template of <paramref name="chartDirectory"/>/templates (files starting with _ only define), rendered with <paramref name="values"/>.</summary>
    public static string RenderChart(string chartDirectory, object values)
    {
        var renderer = new GoTemplate();
        var files = Directory.GetFiles(Path.Combine(chartDirectory, "templates")).Order(StringComparer.Ordinal).ToList();
        var parsed = files.Select(f => (File: f, Nodes: renderer.Parse(File.ReadAllText(f), Path.GetFileName(f)))).ToList();
        var root = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Values"] = values,
            ["Files"] = new ChartFiles(chartDirectory),
            ["Release"] = new Dictionary<string, object?> { ["Name"] = "trading-engine", ["Namespace"] = "trading-engine" },
        };
        var output = new StringBuilder();
        foreach (var (file, nodes) in parsed.Where(p => !Path.GetFileName(p.File).StartsWith('_')))
        {
            output.Append("---\n# Source: ").Append(Path.GetFileName(file)).Append('\n');
            renderer.Execute(nodes, new Scope(root, root), output);
            output.Append('\n');
        }
        return output.ToString();
    }

    // ---- parsing ----

    private abstract record Node(string Where);
    private sealed record TextNode(string Text) : Node("");
    private sealed record OutputNode(List<List<Term>> Pipeline, string Where) : Node(Where);
    private sealed record IfNode(List<List<Term>> Condition, List<Node> Then, List<Node> Else, string Where) : Node(Where);
    private sealed record RangeNode(string? KeyVariable, string? ValueVariable, List<List<Term>> Over, List<Node> Body, string Where) : Node(Where);

    private abstract record Term;
    private sealed record FieldTerm(string? Variable, string[] Path) : Term;
    private sealed record LiteralTerm(string Value) : Term;
    private sealed record FunctionTerm(string Name) : Term;
    private sealed record ParenTerm(List<List<Term>> Pipeline) : Term;

    private sealed record Item(string? Text, string? Action, string Where);

    private List<Node> Parse(string text, string file)
    {
        var items = Lex(text, file);
        var position = 0;
        var nodes = ParseList(items, ref position, out var end);
        if (end is not null)
            throw new FormatException($"{end.Where}: '{end.Action}' without an opening if/range/define");
        return nodes;
    }

    private static List<Item> Lex(string text, string file)
    {
        var items = new List<Item>();
        var i = 0;
        var trimNext = false;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            var chunk = open < 0 ? text[i..] : text[i..open];
            if (trimNext)
                chunk = chunk.TrimStart();
            var close = open < 0 ? -1 : text.IndexOf("}}", open, StringComparison.Ordinal);
            if (open >= 0 && close < 0)
                throw new FormatException($"{file}:{Line(text, open)}: '{{{{' without '}}}}'");
            var action = open < 0 ? null : text[(open + 2)..close];
            if (action is not null && action.StartsWith("- ", StringComparison.Ordinal))
            {
                chunk = chunk.TrimEnd();
                action = action[2..];
            }
            items.Add(new Item(chunk, null, file));
            if (action is null)
                break;
            trimNext = action.EndsWith(" -", StringComparison.Ordinal);
            if (trimNext)
                action = action[..^2];
            action = action.Trim();
            if (!(action.StartsWith("/*", StringComparison.Ordinal) && action.EndsWith("*/", StringComparison.Ordinal)))
                items.Add(new Item(null, action, $"{file}:{Line(text, open)}"));
            i = close + 2;
        }
        return items;
    }

    private static int Line(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private List<Node> ParseList(List<Item> items, ref int position, out Item? end)
    {
        var nodes = new List<Node>();
        while (position < items.Count)
        {
            var item = items[position++];
            if (item.Text is not null)
            {
                nodes.Add(new TextNode(item.Text));
                continue;
            }
            var action = item.Action!;
            var keyword = action.Split(' ', 2)[0];
            switch (keyword)
            {
                case "end":
                case "else":
                    if (action != keyword)
                        throw new FormatException($"{item.Where}: '{action}' is not supported (only a bare else/end)");
                    end = item;
                    return nodes;
                case "if":
                {
                    var condition = ParsePipeline(Tokens(action[2..], item.Where), item.Where);
                    var then = ParseList(items, ref position, out var stop);
                    var otherwise = new List<Node>();
                    if (stop?.Action == "else")
                        otherwise = ParseList(items, ref position, out stop);
                    Expect(stop, "end", item);
                    nodes.Add(new IfNode(condition, then, otherwise, item.Where));
                    break;
                }
                case "range":
                {
                    var tokens = Tokens(action[5..], item.Where);
                    string? key = null, value = null;
                    var assign = tokens.IndexOf(":=");
                    if (assign >= 0)
                    {
                        var variables = tokens[..assign].Where(t => t != ",").ToList();
                        if (variables.Count is < 1 or > 2 || variables.Any(v => !v.StartsWith('$')))
                            throw new FormatException($"{item.Where}: range declares '{string.Join(' ', tokens[..assign])}'");
                        (key, value) = variables.Count == 2 ? (variables[0], variables[1]) : (null, variables[0]);
                        tokens = tokens[(assign + 1)..];
                    }
                    var over = ParsePipeline(tokens, item.Where);
                    var body = ParseList(items, ref position, out var stop);
                    Expect(stop, "end", item);
                    nodes.Add(new RangeNode(key, value, over, body, item.Where));
                    break;
                }
                case "define":
                {
                    var name = Unquote(action[6..].Trim(), item.Where);
                    var body = ParseList(items, ref position, out var stop);
                    Expect(stop, "end", item);
                    _defines[name] = body;
                    break;
                }
                default:
                    if (action.Contains(":=", StringComparison.Ordinal) || keyword is "with" or "template" or "block")
                        throw new FormatException($"{item.Where}: '{action}' is not supported by this renderer");
                    nodes.Add(new OutputNode(ParsePipeline(Tokens(action, item.Where), item.Where), item.Where));
                    break;
            }
        }
        end = null;
        return nodes;
    }

    private static void Expect(Item? stop, string keyword, Item opened)
    {
        if (stop?.Action != keyword)
            throw new FormatException($"{opened.Where}: '{opened.Action}' is not closed by {{{{ {keyword} }}}}");
    }

    private static List<string> Tokens(string action, string where)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < action.Length)
        {
            var c = action[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '"')
            {
                var j = i + 1;
                while (j < action.Length && action[j] != '"')
                    j += action[j] == '\\' ? 2 : 1;
                if (j >= action.Length)
                    throw new FormatException($"{where}: unterminated string in '{action}'");
                tokens.Add(action[i..(j + 1)]);
                i = j + 1;
            }
            else if (c is '(' or ')' or '|' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == ':' && i + 1 < action.Length && action[i + 1] == '=')
            {
                tokens.Add(":=");
                i += 2;
            }
            else
            {
                var j = i;
                while (j < action.Length && (char.IsLetterOrDigit(action[j]) || action[j] is '.' or '$' or '_' or '-'))
                    j++;
                if (j == i)
                    throw new FormatException($"{where}: unexpected '{c}' in '{action}'");
                tokens.Add(action[i..j]);
                i = j;
            }
        }
        return tokens;
    }

    private static List<List<Term>> ParsePipeline(List<string> tokens, string where)
    {
        var position = 0;
        var pipeline = ParsePipeline(tokens, ref position, where);
        if (position != tokens.Count)
            throw new FormatException($"{where}: unexpected '{tokens[position]}'");
        return pipeline;
    }

    private static List<List<Term>> ParsePipeline(List<string> tokens, ref int position, string where)
    {
        var pipeline = new List<List<Term>> { new() };
        while (position < tokens.Count && tokens[position] != ")")
        {
            var token = tokens[position++];
            if (token == "|")
            {
                pipeline.Add([]);
                continue;
            }
            pipeline[^1].Add(token switch
            {
                "(" => Paren(tokens, ref position, where),
                _ when token.StartsWith('"') => new LiteralTerm(Unquote(token, where)),
                _ when char.IsDigit(token[0]) => new LiteralTerm(token),
                _ when token[0] is '.' or '$' => Field(token),
                _ => new FunctionTerm(token),
            });
        }
        if (pipeline.Any(command => command.Count == 0))
            throw new FormatException($"{where}: empty command in '{string.Join(' ', tokens)}'");
        return pipeline;
    }

    private static ParenTerm Paren(List<string> tokens, ref int position, string where)
    {
        var inner = ParsePipeline(tokens, ref position, where);
        if (position >= tokens.Count || tokens[position] != ")")
            throw new FormatException($"{where}: '(' without ')'");
        position++;
        return new ParenTerm(inner);
    }

    private static FieldTerm Field(string token)
    {
        var parts = token.Split('.');
        // ".Values.a" -> (null, [Values, a]); "." -> (null, []); "$x.a" -> ($x, [a]); "$" / "$.Values" -> ($, ...)
        return token.StartsWith('$')
            ? new FieldTerm(parts[0], parts[1..].Where(p => p.Length > 0).ToArray())
            : new FieldTerm(null, parts.Where(p => p.Length > 0).ToArray());
    }

    private static string Unquote(string token, string where) =>
        token.Length >= 2 && token[0] == '"' && token[^1] == '"'
            ? JsonSerializer.Deserialize<string>(token)!
            : throw new FormatException($"{where}: expected a quoted string, found {token}");

    // ---- execution ----

    private sealed record Scope(object? Dot, object? Root, Dictionary<string, object?>? Variables = null)
    {
        public object? Variable(string name, string where) =>
            name == "$" ? Root : Variables is not null && Variables.TryGetValue(name, out var v) ? v : throw new FormatException($"{where}: undefined variable {name}");

        public Scope With(object? dot, params (string? Name, object? Value)[] variables)
        {
            var copy = new Dictionary<string, object?>(Variables ?? new Dictionary<string, object?>(), StringComparer.Ordinal);
            foreach (var (name, value) in variables)
            {
                if (name is not null)
                    copy[name] = value;
            }
            return this with { Dot = dot, Variables = copy };
        }
    }

    private void Execute(List<Node> nodes, Scope scope, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case OutputNode action:
                    output.Append(Print(Evaluate(action.Pipeline, scope, action.Where), action.Where));
                    break;
                case IfNode branch:
                    Execute(Truthy(Evaluate(branch.Condition, scope, branch.Where)) ? branch.Then : branch.Else, scope, output);
                    break;
                case RangeNode loop:
                    foreach (var (key, value) in Enumerate(Evaluate(loop.Over, scope, loop.Where), loop.Where))
                        Execute(loop.Body, scope.With(value, (loop.KeyVariable, key), (loop.ValueVariable, value)), output);
                    break;
            }
        }
    }

    private static IEnumerable<(object? Key, object? Value)> Enumerate(object? over, string where) => over switch
    {
        null => [],
        IList<object> list => list.Select((item, i) => ((object?)i.ToString(CultureInfo.InvariantCulture), (object?)item)),
        IDictionary<object, object> map => map.OrderBy(e => (string)e.Key, StringComparer.Ordinal).Select(e => ((object?)e.Key, (object?)e.Value)),
        IReadOnlyDictionary<string, object?> map => map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => ((object?)e.Key, e.Value)),
        _ => throw new FormatException($"{where}: cannot range over {over.GetType().Name}"),
    };

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s is not ("" or "false" or "0"), // plain YAML scalars arrive as strings: false and 0 are Helm's bool and number
        System.Collections.ICollection c => c.Count > 0,
        _ => true,
    };

    private static string Print(object? value, string where) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        _ => throw new FormatException($"{where}: printing a {value.GetType().Name} (use toYaml)"),
    };

    private object? Evaluate(List<List<Term>> pipeline, Scope scope, string where)
    {
        object? piped = null;
        for (var i = 0; i < pipeline.Count; i++)
            piped = Command(pipeline[i], scope, where, i > 0, piped);
        return piped;
    }

    private object? Command(List<Term> command, Scope scope, string where, bool hasPiped, object? piped)
    {
        var args = command.Skip(1).Select(t => Value(t, scope, where)).ToList();
        if (hasPiped)
            args.Add(piped);
        switch (command[0])
        {
            case FunctionTerm function:
                return Call(function.Name, args, where);
            default:
                var head = Value(command[0], scope, where);
                if (head is Func<IReadOnlyList<object?>, object?> method)
                    return method(args);
                if (args.Count > 0)
                    throw new FormatException($"{where}: arguments given to a value that is no function");
                return head;
        }
    }

    private object? Value(Term term, Scope scope, string where) => term switch
    {
        LiteralTerm literal => literal.Value,
        ParenTerm paren => Evaluate(paren.Pipeline, scope, where),
        FieldTerm field => field.Path.Aggregate(field.Variable is null ? scope.Dot : scope.Variable(field.Variable, where), (current, key) => Member(current, key, where)),
        FunctionTerm function => Call(function.Name, [], where),
        _ => throw new FormatException($"{where}: unknown term {term}"),
    };

    private static object? Member(object? current, string key, string where) => current switch
    {
        null => null,
        IDictionary<object, object> map => map.TryGetValue(key, out var v) ? v : null,
        IReadOnlyDictionary<string, object?> map => map.TryGetValue(key, out var v) ? v : null,
        ChartFiles files => files.Method(key, where),
        _ => throw new FormatException($"{where}: no field '{key}' on a {current.GetType().Name}"),
    };

    private object? Call(string name, List<object?> args, string where)
    {
        string Arg(int i) => i < args.Count && args[i] is string s ? s : throw new FormatException($"{where}: {name} argument {i + 1} must be a string, found {args.ElementAtOrDefault(i)?.GetType().Name ?? "nothing"}");
        int Count() => int.Parse(Arg(0), CultureInfo.InvariantCulture);
        return name switch
        {
            "include" => Include(Arg(0), args.ElementAtOrDefault(1), where),
            "toYaml" => ToYaml(args.Single()),
            "toJson" => JsonSerializer.Serialize(args.Single(), new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            "quote" => JsonSerializer.Serialize(Print(args.Single(), where), new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            "indent" => Indent(Arg(1), Count()),
            "nindent" => "\n" + Indent(Arg(1), Count()),
            "base" => Path.GetFileName(Arg(0)),
            "eq" => args.Count == 2 && Equals(args[0], args[1]),
            _ => throw new FormatException($"{where}: function '{name}' is not supported by this renderer"),
        };
    }

    private string Include(string name, object? dot, string where)
    {
        if (!_defines.TryGetValue(name, out var body))
            throw new FormatException($"{where}: no template defined as \"{name}\"");
        var output = new StringBuilder();
        Execute(body, new Scope(dot, dot), output); // $ is the data a template is invoked with
        return output.ToString();
    }

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return pad + text.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    private static string ToYaml(object? value) => new SerializerBuilder().Build().Serialize(value).TrimEnd('\n');

    /// <summary><c>.Files</c>: the chart's files, symbolic links followed as Helm's loader does.</summary>
    private sealed class ChartFiles(string chart)
    {
        public Func<IReadOnlyList<object?>, object?> Method(string name, string where) => name switch
        {
            "Get" => args => File.ReadAllText(Path.Combine(chart, (string)args.Single()!)),
            "Glob" => args => Glob((string)args.Single()!),
            _ => throw new FormatException($"{where}: .Files.{name} is not supported by this renderer"),
        };

        private IReadOnlyDictionary<string, object?> Glob(string pattern)
        {
            var directory = Path.GetDirectoryName(pattern)!;
            return Directory.GetFiles(Path.Combine(chart, directory), Path.GetFileName(pattern))
                .ToDictionary(f => directory + "/" + Path.GetFileName(f), f => (object?)File.ReadAllText(f), StringComparer.Ordinal);
        }
    }
}
