using TradingEngine.Hosting;
using System.Globalization;
using System.Text.RegularExpressions;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Simulation;
using YamlDotNet.RepresentationModel;

namespace TradingEngine.Cli.Sweep;

/// <summary>
/// What <c>te sweep</c> searches (a small YAML file, docs in README "Optimise a strategy"):
/// <code>
/// parameters:                       # NODE.PARAM: values, or a range FIRST..LAST step STEP (inclusive)
///   ema_fast_5m.period: [5..30 step 5]
///   ema_slow_5m.period: [21, 34, 55]
/// search: grid                      # grid (every combination) or random (samples of them, drawn with seed)
/// samples: 20
/// seed: 7
/// metric: net_pnl                   # what walk-forward optimises: net_pnl, win_rate, trades (higher wins) or max_drawdown (lower wins)
/// </code>
/// </summary>
internal sealed partial record SweepSpec(IReadOnlyList<(string Key, IReadOnlyList<string> Values)> Parameters, bool Random, int Samples, ulong Seed, string Metric)
{
    public static readonly IReadOnlyList<string> Metrics = ["net_pnl", "win_rate", "trades", "max_drawdown"];

    /// <summary>Every variant: the grid in file order (the last parameter varies fastest), or a seeded sample of it.</summary>
    public IReadOnlyList<IReadOnlyList<ParameterOverride>> Variants()
    {
        var total = Parameters.Aggregate(1L, (n, p) => n * p.Values.Count);
        if (total > 1_000_000)
            throw new ArgumentException($"the grid has {total} variants; narrow it or use search: random with samples:");
        var indices = Enumerable.Range(0, (int)total).ToList();
        if (Random && Samples < total)
        {
            // a partial Fisher-Yates shuffle drawn from the seed: the same file gives the same variants, in order of the grid
            var rng = new SplitMix64(Seed);
            for (var i = 0; i < Samples; i++)
            {
                var j = i + rng.NextInt((int)total - i);
                (indices[i], indices[j]) = (indices[j], indices[i]);
            }
            indices = [.. indices.Take(Samples).Order()];
        }
        return [.. indices.Select(Variant)];
    }

    private IReadOnlyList<ParameterOverride> Variant(int index)
    {
        var result = new ParameterOverride[Parameters.Count];
        for (var p = Parameters.Count - 1; p >= 0; p--)
        {
            var values = Parameters[p].Values;
            var key = Parameters[p].Key;
            var dot = key.LastIndexOf('.');
            result[p] = new ParameterOverride(key[..dot], key[(dot + 1)..], values[index % values.Count]);
            index /= values.Count;
        }
        return result;
    }

    /// <summary>Reads a sweep file; errors name the file, the line and what was expected.</summary>
    public static SweepSpec Load(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"--spec {path}: no such file");
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"{path}:{e.Start.Line}: not valid YAML: {e.Message}");
        }
        if (yaml.Documents.Count != 1 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new FormatException($"{path}:1: expected a mapping with parameters:");
        var parameters = new List<(string, IReadOnlyList<string>)>();
        bool random = false;
        int samples = 0;
        ulong seed = 1;
        var metric = "net_pnl";
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            var line = keyNode.Start.Line;
            switch (key)
            {
                case "parameters" when value is YamlMappingNode map:
                    foreach (var (k, v) in map.Children)
                        parameters.Add(Parameter(path, (YamlScalarNode)k, v));
                    break;
                case "search":
                    random = Scalar(path, value) switch
                    {
                        "grid" => false,
                        "random" => true,
                        var other => throw new FormatException($"{path}:{line}: search '{other}': expected grid or random"),
                    };
                    break;
                case "samples":
                    samples = int.TryParse(Scalar(path, value), CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                        : throw new FormatException($"{path}:{line}: samples '{Scalar(path, value)}': expected a positive integer");
                    break;
                case "seed":
                    seed = ulong.TryParse(Scalar(path, value), CultureInfo.InvariantCulture, out var s) ? s
                        : throw new FormatException($"{path}:{line}: seed '{Scalar(path, value)}': expected a non-negative integer");
                    break;
                case "metric":
                    metric = Scalar(path, value);
                    if (!Metrics.Contains(metric))
                        throw new FormatException($"{path}:{line}: metric '{metric}': expected one of {string.Join(", ", Metrics)}");
                    break;
                default:
                    throw new FormatException($"{path}:{line}: unknown key '{key}' (expected parameters, search, samples, seed, metric)");
            }
        }
        if (parameters.Count == 0)
            throw new FormatException($"{path}:1: parameters: needs at least one NODE.PARAM: [values]");
        if (random && samples == 0)
            throw new FormatException($"{path}:1: search: random needs samples: N");
        return new SweepSpec(parameters, random, samples, seed, metric);
    }

    private static (string, IReadOnlyList<string>) Parameter(string path, YamlScalarNode key, YamlNode value)
    {
        var name = key.Value ?? "";
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || dot == name.Length - 1)
            throw new FormatException($"{path}:{key.Start.Line}: parameter '{name}': expected NODE.PARAM (ema_fast_5m.period)");
        var items = value is YamlSequenceNode seq ? seq.Children.Select(c => Scalar(path, c)).ToList() : [Scalar(path, value)];
        var values = new List<string>();
        foreach (var item in items)
        {
            var m = RangePattern().Match(item);
            if (!m.Success)
            {
                values.Add(item);
                continue;
            }
            // TryParse: a digit string past decimal's range is the same mistake as a bad range, not an OverflowException
            var step = 1m;
            if (!decimal.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var first)
                || !decimal.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out var last)
                || (m.Groups[3].Success && !decimal.TryParse(m.Groups[3].Value, CultureInfo.InvariantCulture, out step))
                || step <= 0 || last < first || ((double)last - (double)first) / (double)step > 100_000) // counted in double: LAST - FIRST can overflow decimal
                throw new FormatException($"{path}:{value.Start.Line}: range '{item}' of {name}: expected FIRST..LAST step STEP with FIRST <= LAST and STEP > 0");
            for (var v = first; v <= last; v += step)
                values.Add((v / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture));
        }
        if (values.Count == 0)
            throw new FormatException($"{path}:{value.Start.Line}: parameter '{name}' lists no values");
        return (name, values);
    }

    private static string Scalar(string path, YamlNode node) =>
        node is YamlScalarNode { Value: { } v } ? v : throw new FormatException($"{path}:{node.Start.Line}: expected a single value");

    [GeneratedRegex(@"^\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)(?:\s+step\s+(\d+(?:\.\d+)?))?\s*$")]
    private static partial Regex RangePattern();
}
