using TradingEngine.Engine.Aggregation;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// Validates a <see cref="PipelineSpec"/> against a <see cref="NodeCatalog"/> and compiles it to a
/// <see cref="CompiledDag"/>. Every problem is collected (not just the first) and reported with
/// file, line and node in one <see cref="PipelineException"/>.
/// </summary>
/// <remarks>
/// Order is decided by declaration order only (Kahn's algorithm, ready nodes taken by lowest
/// declaration index), so a pipeline compiles to the same step order in every process.
/// </remarks>
public static partial class DagCompiler
{
    private readonly record struct Binding(int Port, int Signal, int Slot, byte Mode, int Line, string Text);

    /// <summary>Validates and compiles; throws <see cref="PipelineException"/> listing every problem.</summary>
    public static CompiledDag Compile(PipelineSpec pipeline, NodeCatalog catalog)
    {
        var errors = new List<PipelineError>();
        var file = pipeline.File;
        var tfs = pipeline.Timeframes;
        for (var i = 0; i < tfs.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (tfs[i] == tfs[j])
                    errors.Add(new PipelineError(file, LineOf(pipeline.TimeframeLines, i), null, $"timeframe '{tfs[i]}' is declared twice"));
            }
        }

        var nodes = pipeline.Nodes;
        var n = nodes.Count;
        var indexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var id = nodes[i].Id;
            if (!IsValidId(id))
                errors.Add(new PipelineError(file, nodes[i].Line, id, "has an invalid id (expected letters, digits and '_', starting with a letter)"));
            else if (IsSourceKeyword(id))
                errors.Add(new PipelineError(file, nodes[i].Line, id, $"has an id that is a source name ('{id}'); pick another id"));
            else if (!indexOfId.TryAdd(id, i))
                errors.Add(new PipelineError(file, nodes[i].Line, id, $"is a duplicate id (first declared at line {nodes[indexOfId[id]].Line})"));
        }

        var kinds = new NodeKind?[n];
        var parameters = new NodeParameters?[n];
        for (var i = 0; i < n; i++)
        {
            var spec = nodes[i];
            if (!catalog.TryGet(spec.Kind, out var kind))
            {
                var known = string.Join(", ", catalog.Kinds.Select(k => k.Name));
                errors.Add(new PipelineError(file, spec.KindLine > 0 ? spec.KindLine : spec.Line, spec.Id, $"kind '{spec.Kind}' is not a registered node kind (known: {known})"));
                continue;
            }
            kinds[i] = kind;
            parameters[i] = CheckParameters(file, spec, kind, errors);
            CheckOutputPorts(file, spec, spec.Publish, "publish", kind, errors);
            CheckOutputPorts(file, spec, spec.Persist, "persist", kind, errors);
        }

        // Resolve inputs. Node signals are numbered by declaration index for now; renumbered after sorting.
        var sourceCount = CompiledDag.FixedSources + CompiledDag.SourcesPerTimeframe * tfs.Count;
        var bindings = new List<Binding>[n];
        var preds = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            bindings[i] = [];
            preds[i] = [];
            if (kinds[i] is { } kind)
            {
                ResolveInputs(file, pipeline, i, kind, kinds, indexOfId, sourceCount, bindings[i], preds[i], errors);
                if (parameters[i] is { } values)
                    CheckRequiredInputs(file, nodes[i], kind, values, bindings[i], errors);
            }
        }

        var order = TopologicalOrder(file, nodes, preds, errors);
        if (errors.Count > 0)
            throw new PipelineException(errors.OrderBy(e => e.Line).ToArray());

        return Build(pipeline, kinds!, parameters!, bindings, preds, order, sourceCount);
    }

    private static NodeParameters? CheckParameters(string file, NodeSpec spec, NodeKind kind, List<PipelineError> errors)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var ok = true;
        foreach (var p in spec.Parameters)
        {
            var schema = kind.Info.FindParameter(p.Name);
            if (schema is null)
            {
                var expected = kind.Info.Parameters.Count == 0 ? "it takes none" : "expected one of " + string.Join(", ", kind.Info.Parameters.Select(x => x.Name));
                errors.Add(new PipelineError(file, p.Line, spec.Id, $"parameter '{p.Name}' is not a parameter of kind '{kind.Name}' ({expected})"));
                ok = false;
                continue;
            }
            if (values.ContainsKey(p.Name))
            {
                errors.Add(new PipelineError(file, p.Line, spec.Id, $"parameter '{p.Name}' is given twice"));
                ok = false;
                continue;
            }
            if (!schema.TryParse(p.Text, out var value, out var why))
            {
                errors.Add(new PipelineError(file, p.Line, spec.Id, $"parameter '{p.Name}' = '{p.Text}': {why}"));
                ok = false;
                continue;
            }
            values[p.Name] = value;
        }
        foreach (var schema in kind.Info.Parameters)
        {
            if (values.ContainsKey(schema.Name))
                continue;
            if (schema.Default is null)
            {
                if (spec.Parameters.All(p => p.Name != schema.Name))
                {
                    errors.Add(new PipelineError(file, spec.Line, spec.Id, $"parameter '{schema.Name}' of kind '{kind.Name}' is required ({schema.Type})"));
                    ok = false;
                }
                continue;
            }
            values[schema.Name] = schema.Default;
        }
        if (!ok)
            return null;
        var result = new NodeParameters(spec.Id, values);
        try
        {
            // Creating one throwaway node lets a kind reject bad combinations at load time, with a location.
            kind.NewBank().Add(result);
        }
        catch (ArgumentException ex)
        {
            errors.Add(new PipelineError(file, spec.Line, spec.Id, $"has bad parameters: {ex.Message}"));
            return null;
        }
        return result;
    }

    // a parameter value that only acts through an input (on_roll: flatten through gaps) is an error without it
    private static void CheckRequiredInputs(string file, NodeSpec spec, NodeKind kind, NodeParameters values, List<Binding> bindings, List<PipelineError> errors)
    {
        foreach (var schema in kind.Info.Parameters)
        {
            if (schema.RequiredInput is not { } input || values.Text(schema.Name) != schema.RequiringValue)
                continue;
            var port = kind.Info.FindInput(input);
            // a reference to the port that did not resolve already has its error
            if (port >= 0 && (bindings.Exists(b => b.Port == port) || spec.Inputs.Any(x => x.Port == input)))
                continue;
            var line = spec.Parameters.FirstOrDefault(p => p.Name == schema.Name)?.Line ?? spec.Line;
            errors.Add(new PipelineError(file, line, spec.Id,
                $"parameter '{schema.Name}' = '{schema.RequiringValue}' needs input '{input}' bound (inputs: {{..., {input}: {input}}}): {schema.RequiredInputWhy}"));
        }
    }

    private static void ResolveInputs(string file, PipelineSpec pipeline, int self, NodeKind kind, NodeKind?[] kinds,
        Dictionary<string, int> indexOfId, int sourceCount, List<Binding> bindings, List<int> preds, List<PipelineError> errors)
    {
        var spec = pipeline.Nodes[self];
        var ports = kind.Info.Inputs;
        var next = 0;
        var attempted = new bool[ports.Count];
        foreach (var input in spec.Inputs)
        {
            int port;
            if (input.Port is { } name)
            {
                port = kind.Info.FindInput(name);
                if (port < 0)
                {
                    errors.Add(new PipelineError(file, input.Line, spec.Id, $"input port '{name}' is not a port of kind '{kind.Name}' (ports: {PortList(kind)})"));
                    continue;
                }
                if (!ports[port].Variadic && bindings.Any(b => b.Port == port))
                {
                    errors.Add(new PipelineError(file, input.Line, spec.Id, $"input port '{name}' is bound twice (it takes one reference)"));
                    continue;
                }
            }
            else
            {
                if (next >= ports.Count)
                {
                    errors.Add(new PipelineError(file, input.Line, spec.Id, $"input '{input.Text}' is one too many: kind '{kind.Name}' takes {ports.Count} input(s) ({PortList(kind)})"));
                    continue;
                }
                port = next;
                if (!(ports[port].Variadic && port == ports.Count - 1))
                    next++;
            }
            attempted[port] = true;
            if (!TryResolve(file, pipeline, spec, input, kinds, indexOfId, sourceCount, out var type, out var signal, out var slotRef, out var mode, errors))
                continue;
            var expected = ports[port].Type;
            if (type != expected)
            {
                errors.Add(new PipelineError(file, input.Line, spec.Id, $"input '{input.Text}' is {type}, but port '{ports[port].Name}' of kind '{kind.Name}' expects {expected}"));
                continue;
            }
            if (signal >= sourceCount)
            {
                var pred = signal - sourceCount;
                if (pred == self)
                {
                    errors.Add(new PipelineError(file, input.Line, spec.Id, $"is in a cycle: {spec.Id} -> {spec.Id} (input '{input.Text}' reads its own output)"));
                    continue;
                }
                if (!preds.Contains(pred))
                    preds.Add(pred);
            }
            bindings.Add(new Binding(port, signal, slotRef, mode, input.Line, input.Text));
        }
        for (var p = 0; p < ports.Count; p++)
        {
            // A port whose reference was wrong already has its error; "not bound" would only repeat it.
            if (!ports[p].Optional && !attempted[p])
                errors.Add(new PipelineError(file, spec.Line, spec.Id, $"input port '{ports[p].Name}' of kind '{kind.Name}' is not bound (expected {ports[p].Type})"));
        }
    }

    // slot: for node outputs, (declaration index << 16) | port until board slots are known; for candles, the timeframe index.
    private static bool TryResolve(string file, PipelineSpec pipeline, NodeSpec spec, InputReference input, NodeKind?[] kinds,
        Dictionary<string, int> indexOfId, int sourceCount, out PortType type, out int signal, out int slot, out byte mode, List<PipelineError> errors)
    {
        var text = input.Text.Trim();
        type = default;
        signal = 0;
        slot = 0;
        mode = NodeContext.ModeStream;
        switch (text)
        {
            case "ticks": type = PortType.Tick; signal = 0; return true;
            case "quotes": type = PortType.Quote; signal = 1; return true;
            case "timer": type = PortType.Timer; signal = 2; return true;
            case "gaps": type = PortType.Gap; signal = 3; return true;
        }
        var colon = text.IndexOf(':');
        if (colon >= 0)
        {
            var prefix = text[..colon];
            var tfText = text[(colon + 1)..];
            int offset;
            switch (prefix)
            {
                case "candles": offset = 0; mode = NodeContext.ModeClosed; break;
                case "forming": offset = 1; mode = NodeContext.ModeForming; break;
                case "external": offset = 2; mode = NodeContext.ModeExternal; break;
                default:
                    errors.Add(new PipelineError(file, input.Line, spec.Id, $"input '{text}' has an unknown source '{prefix}' (expected candles:TF, forming:TF or external:TF)"));
                    return false;
            }
            if (!BarSpec.TryParse(tfText, out var tf))
            {
                errors.Add(new PipelineError(file, input.Line, spec.Id, $"input '{text}': '{tfText}' is not a timeframe (expected e.g. 1m, 5m, 1h, 500T, 25000V, 0.25R)"));
                return false;
            }
            var index = -1;
            for (var i = 0; i < pipeline.Timeframes.Count; i++)
            {
                if (pipeline.Timeframes[i] == tf)
                {
                    index = i;
                    break;
                }
            }
            if (index < 0)
            {
                var declared = pipeline.Timeframes.Count == 0 ? "none" : string.Join(", ", pipeline.Timeframes);
                errors.Add(new PipelineError(file, input.Line, spec.Id, $"input '{text}' is not a declared timeframe (declared: {declared})"));
                return false;
            }
            type = PortType.Candle;
            signal = CompiledDag.FixedSources + CompiledDag.SourcesPerTimeframe * index + offset;
            slot = index;
            return true;
        }
        var dot = text.IndexOf('.');
        var id = dot < 0 ? text : text[..dot];
        if (!indexOfId.TryGetValue(id, out var target))
        {
            errors.Add(new PipelineError(file, input.Line, spec.Id, $"input '{text}' is not a node id or a source (sources: ticks, quotes, timer, gaps, candles:TF, forming:TF, external:TF)"));
            return false;
        }
        if (kinds[target] is not { } targetKind)
            return false; // its own error (unknown kind) is already reported
        var port = 0;
        if (dot >= 0)
        {
            port = targetKind.Info.FindOutput(text[(dot + 1)..]);
            if (port < 0)
            {
                errors.Add(new PipelineError(file, input.Line, spec.Id, $"input '{text}': node '{id}' (kind '{targetKind.Name}') has no output '{text[(dot + 1)..]}' (outputs: {string.Join(", ", targetKind.Info.Outputs.Select(o => o.Name))})"));
                return false;
            }
        }
        else if (targetKind.Info.Outputs.Count == 0)
        {
            errors.Add(new PipelineError(file, input.Line, spec.Id, $"input '{text}': node '{id}' (kind '{targetKind.Name}') has no outputs"));
            return false;
        }
        type = targetKind.Info.Outputs[port].Type;
        signal = sourceCount + target;
        slot = (target << 16) | port;
        mode = NodeContext.ModeBoard;
        return true;
    }

    private static int[] TopologicalOrder(string file, IReadOnlyList<NodeSpec> nodes, List<int>[] preds, List<PipelineError> errors)
    {
        var n = nodes.Count;
        var indegree = new int[n];
        var succs = new List<int>[n];
        for (var i = 0; i < n; i++)
            succs[i] = [];
        for (var i = 0; i < n; i++)
        {
            foreach (var p in preds[i])
            {
                succs[p].Add(i);
                indegree[i]++;
            }
        }
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < n; i++)
        {
            if (indegree[i] == 0)
                ready.Enqueue(i, i);
        }
        var order = new List<int>(n);
        while (ready.TryDequeue(out var i, out _))
        {
            order.Add(i);
            foreach (var s in succs[i])
            {
                if (--indegree[s] == 0)
                    ready.Enqueue(s, s);
            }
        }
        if (order.Count == n)
            return order.ToArray();

        // Every node left over has a predecessor that is also left over, so walking predecessors
        // from the first one must come back to a node already seen: that loop is a cycle.
        var left = new bool[n];
        for (var i = 0; i < n; i++)
            left[i] = indegree[i] > 0;
        var reported = new bool[n];
        for (var start = 0; start < n; start++)
        {
            if (!left[start] || reported[start])
                continue;
            var seenAt = new Dictionary<int, int>();
            var path = new List<int>();
            var at = start;
            while (!seenAt.ContainsKey(at))
            {
                seenAt[at] = path.Count;
                path.Add(at);
                at = preds[at].First(p => left[p]);
            }
            var cycle = path.Skip(seenAt[at]).Reverse().ToList();
            if (cycle.Any(c => reported[c]))
            {
                foreach (var c in path)
                    reported[c] = true;
                continue;
            }
            foreach (var c in path)
                reported[c] = true;
            var first = cycle.IndexOf(cycle.Min());
            var rotated = cycle.Skip(first).Concat(cycle.Take(first)).ToList();
            var names = string.Join(" -> ", rotated.Select(c => nodes[c].Id)) + " -> " + nodes[rotated[0]].Id;
            errors.Add(new PipelineError(file, nodes[rotated[0]].Line, nodes[rotated[0]].Id, $"is in a cycle: {names}"));
        }
        return order.ToArray();
    }

    /// <summary>A publish/persist port the kind does not have is an error naming it and the kind's outputs, never a silent omission.</summary>
    private static void CheckOutputPorts(string file, NodeSpec spec, OutputSelection selection, string key, NodeKind kind, List<PipelineError> errors)
    {
        if (selection.All)
            return;
        foreach (var port in selection.Ports)
        {
            if (kind.Info.FindOutput(port) < 0)
            {
                var outputs = kind.Info.Outputs.Count == 0 ? "none" : string.Join(", ", kind.Info.Outputs.Select(o => o.Name));
                errors.Add(new PipelineError(file, selection.Line > 0 ? selection.Line : spec.Line, spec.Id,
                    $"{key} port '{port}' is not an output of kind '{kind.Name}' (outputs: {outputs})"));
            }
        }
    }

    private static string PortList(NodeKind kind) =>
        kind.Info.Inputs.Count == 0 ? "none" : string.Join(", ", kind.Info.Inputs.Select(p => $"{p.Name}: {p.Type}{(p.Variadic ? "..." : "")}"));

    private static int LineOf(IReadOnlyList<int> lines, int i) => i < lines.Count ? lines[i] : 0;

    private static bool IsValidId(string id)
    {
        if (id.Length == 0 || !char.IsAsciiLetter(id[0]))
            return false;
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                return false;
        }
        return true;
    }

    private static bool IsSourceKeyword(string id) => id is "ticks" or "quotes" or "timer" or "gaps" or "candles" or "forming" or "external";
}
