using System.Globalization;
using System.Numerics;
using TradingEngine.Configuration;
using TradingEngine.Engine.Pipelines;
using YamlDotNet.RepresentationModel;

namespace TradingEngine.Engine.Runtime;

/// <summary>Reads pipelines/engine.yaml with line numbers (YamlDotNet representation model, AOT-safe); errors are <see cref="PipelineException"/>s naming file and line.</summary>
public static class EngineConfigLoader
{
    /// <summary>Loads <paramref name="path"/>.</summary>
    public static EngineConfig LoadFile(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses YAML text; relative paths resolve against <paramref name="file"/>'s folder.</summary>
    public static EngineConfig Parse(string yaml, string file)
    {
        var errors = new List<PipelineError>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new PipelineException([new PipelineError(file, (int)ex.Start.Line, null, $"is not valid YAML: {ex.Message}")]);
        }
        catch (Exception ex) when (YamlSyntaxErrors.IsMalformedYaml(ex))
        {
            throw new PipelineException([new PipelineError(file, 1, null, $"is not valid YAML ({ex.Message})")]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PipelineException([new PipelineError(file, 1, null, "expected a mapping with instruments, input_ring, output_ring, executors")]);
        if (YamlSyntaxErrors.FirstNonScalarKey(root) is { } complexKey)
            throw new PipelineException([new PipelineError(file, (int)complexKey.Start.Line, null, "mapping keys must be plain scalars")]);
        var folder = Path.GetDirectoryName(file) ?? ".";
        string? instruments = null;
        var input = new RingConfig(65536, "yielding");
        var output = new RingConfig(65536, "blocking");
        var interval = 5;
        TimeSpan? clock = null;
        var executors = new List<ExecutorConfig>();
        foreach (var (k, v) in root.Children)
        {
            var key = ((YamlScalarNode)k).Value;
            switch (key)
            {
                case "instruments":
                    instruments = Path.Combine(folder, Text(v) ?? "");
                    break;
                case "input_ring":
                    input = Ring(file, v, input, errors);
                    break;
                case "output_ring":
                    output = Ring(file, v, output, errors);
                    break;
                case "counters_interval_seconds":
                    if (!int.TryParse(Text(v), NumberStyles.None, CultureInfo.InvariantCulture, out interval))
                        errors.Add(new PipelineError(file, Line(v), null, $"counters_interval_seconds '{Text(v)}' is not a whole number of seconds"));
                    break;
                case "clock_interval":
                    if (TradingEngine.Types.DurationText.TryParse(Text(v), out var every))
                        clock = every;
                    else
                        errors.Add(new PipelineError(file, Line(v), null, $"clock_interval '{Text(v)}' is not {TradingEngine.Types.DurationText.Expected}"));
                    break;
                case "executors":
                    if (v is YamlSequenceNode seq)
                    {
                        foreach (var item in seq.Children)
                            executors.Add(Executor(file, folder, item, errors));
                    }
                    break;
                default:
                    errors.Add(new PipelineError(file, Line(k), null, $"unknown key '{key}' (expected instruments, input_ring, output_ring, counters_interval_seconds, clock_interval, executors)"));
                    break;
            }
        }
        if (instruments is null)
            errors.Add(new PipelineError(file, Line(root), null, "'instruments' (the instrument registry path) is required"));
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in executors.SelectMany(e => e.Symbols))
        {
            if (!seen.TryAdd(a.Symbol, a.Line))
                errors.Add(new PipelineError(file, a.Line, null, $"symbol '{a.Symbol}' is assigned twice (first at line {seen[a.Symbol]})"));
        }
        if (errors.Count > 0)
            throw new PipelineException(errors);
        return new EngineConfig(file, instruments!, input, output, interval, executors) { ClockInterval = clock };
    }

    private static ExecutorConfig Executor(string file, string folder, YamlNode node, List<PipelineError> errors)
    {
        var name = "executor";
        int? cpu = null;
        var symbols = new List<SymbolAssignment>();
        if (node is YamlMappingNode map)
        {
            foreach (var (k, v) in map.Children)
            {
                switch (((YamlScalarNode)k).Value)
                {
                    case "name":
                        name = Text(v) ?? name;
                        break;
                    case "cpu":
                        if (int.TryParse(Text(v), NumberStyles.None, CultureInfo.InvariantCulture, out var c))
                            cpu = c;
                        else
                            errors.Add(new PipelineError(file, Line(v), null, $"cpu '{Text(v)}' is not a core number"));
                        break;
                    case "symbols":
                        foreach (var item in (v as YamlSequenceNode)?.Children ?? Enumerable.Empty<YamlNode>())
                        {
                            var entry = item as YamlMappingNode;
                            var symbol = entry is null ? null : Text(entry.Children.FirstOrDefault(p => ((YamlScalarNode)p.Key).Value == "symbol").Value);
                            var pipeline = entry is null ? null : Text(entry.Children.FirstOrDefault(p => ((YamlScalarNode)p.Key).Value == "pipeline").Value);
                            if (symbol is null || pipeline is null)
                            {
                                errors.Add(new PipelineError(file, Line(item), null, "a symbols entry needs 'symbol' and 'pipeline'"));
                                continue;
                            }
                            symbols.Add(new SymbolAssignment(symbol, Path.Combine(folder, pipeline), Line(item)));
                        }
                        break;
                    default:
                        errors.Add(new PipelineError(file, Line(k), null, $"executor has unknown key '{((YamlScalarNode)k).Value}' (expected name, cpu, symbols)"));
                        break;
                }
            }
        }
        return new ExecutorConfig(name, cpu, symbols, Line(node));
    }

    private static RingConfig Ring(string file, YamlNode node, RingConfig fallback, List<PipelineError> errors)
    {
        var size = fallback.Size;
        var wait = fallback.Wait;
        foreach (var (k, v) in (node as YamlMappingNode)?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var key = ((YamlScalarNode)k).Value;
            if (key == "size")
            {
                if (!int.TryParse(Text(v), NumberStyles.None, CultureInfo.InvariantCulture, out size) || size <= 0 || !BitOperations.IsPow2(size))
                    errors.Add(new PipelineError(file, Line(v), null, $"ring size '{Text(v)}' is not a power of two"));
            }
            else if (key == "wait")
            {
                wait = Text(v) ?? "";
                if (!RingConfig.WaitStrategies.Contains(wait))
                    errors.Add(new PipelineError(file, Line(v), null, $"wait strategy '{wait}' is not one of {string.Join(", ", RingConfig.WaitStrategies)}"));
            }
            else
                errors.Add(new PipelineError(file, Line(k), null, $"ring has unknown key '{key}' (expected size, wait)"));
        }
        return new RingConfig(size, wait);
    }

    private static string? Text(YamlNode? node) => (node as YamlScalarNode)?.Value;

    private static int Line(YamlNode node) => (int)node.Start.Line;
}
