using System.Globalization;
using TradingEngine.Configuration;
using TradingEngine.Engine.Aggregation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TradingEngine.Engine.Pipelines;

/// <summary>
/// Reads a pipeline YAML file into a <see cref="PipelineSpec"/> with a line number on everything,
/// using YamlDotNet's representation model (no reflection-based deserialization, so NativeAOT-safe).
/// Only the document's shape is checked here; kinds, parameters, inputs and cycles are checked by
/// <see cref="Dag.DagCompiler"/> against the node catalog, so new node kinds need no loader change.
/// </summary>
public static class PipelineLoader
{
    private static readonly string[] TopKeys = ["pipeline", "description", "timeframes", "session", "tick_size", "candle_lateness", "nodes"];
    private static readonly string[] NodeKeys = ["id", "kind", "params", "inputs", "publish", "persist", "description"];
    private static readonly string[] SessionKeys = ["timezone", "open", "close", "days"];

    /// <summary>Loads <paramref name="path"/>; errors name it as written.</summary>
    public static PipelineSpec LoadFile(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses YAML text; <paramref name="file"/> is the name errors show.</summary>
    public static PipelineSpec Parse(string yaml, string file)
    {
        var errors = new List<PipelineError>();
        var stream = new YamlStream();
        var parser = new LineTrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            throw new PipelineException([new PipelineError(file, (int)ex.Start.Line, null, $"is not valid YAML: {ex.Message}")]);
        }
        catch (Exception ex) when (YamlSyntaxErrors.IsMalformedYaml(ex))
        {
            throw new PipelineException([new PipelineError(file, parser.LastLine, null, $"is not valid YAML after this line ({ex.Message})")]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PipelineException([new PipelineError(file, 1, null, "expected a mapping with 'timeframes:' and 'nodes:'")]);

        var name = Path.GetFileNameWithoutExtension(file);
        var timeframes = new List<BarSpec>();
        var timeframeLines = new List<int>();
        var session = SessionSpec.Utc;
        decimal? tickSize = null;
        var lateness = TimeSpan.Zero;
        var nodes = new List<NodeSpec>();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            switch (key)
            {
                case "pipeline":
                    name = Scalar(file, key, value, errors) ?? name;
                    break;
                case "description":
                    break;
                case "timeframes":
                    foreach (var item in Sequence(file, key, value, errors))
                    {
                        var text = Scalar(file, "timeframes entry", item, errors);
                        if (text is null)
                            continue;
                        if (!BarSpec.TryParse(text, out var spec))
                        {
                            errors.Add(new PipelineError(file, Line(item), null, $"timeframe '{text}' is not a bar spec (expected 1m, 5m, 1h, 500T, 25000V, 0.25R, optionally +empty or @ext:1m)"));
                            continue;
                        }
                        timeframes.Add(spec);
                        timeframeLines.Add(Line(item));
                    }
                    break;
                case "session":
                    session = ReadSession(file, value, errors) ?? session;
                    break;
                case "tick_size":
                    var ts = Scalar(file, key, value, errors);
                    if (ts is not null)
                    {
                        if (decimal.TryParse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d > 0)
                            tickSize = d;
                        else
                            errors.Add(new PipelineError(file, Line(value), null, $"tick_size '{ts}' is not a positive decimal (expected e.g. 0.25)"));
                    }
                    break;
                case "candle_lateness":
                    var lt = Scalar(file, key, value, errors);
                    if (lt is not null && !TradingEngine.Types.DurationText.TryParse(lt, out lateness))
                        errors.Add(new PipelineError(file, Line(value), null, $"candle_lateness '{lt}' is not {TradingEngine.Types.DurationText.Expected}"));
                    break;
                case "nodes":
                    foreach (var item in Sequence(file, key, value, errors))
                    {
                        if (ReadNode(file, item, errors) is { } node)
                            nodes.Add(node);
                    }
                    break;
                default:
                    errors.Add(new PipelineError(file, Line(keyNode), null, $"unknown key '{key}' (expected one of {string.Join(", ", TopKeys)})"));
                    break;
            }
        }
        if (errors.Count > 0)
            throw new PipelineException(errors);
        return new PipelineSpec
        {
            File = file,
            Name = name,
            Timeframes = timeframes,
            TimeframeLines = timeframeLines,
            Session = session,
            TickSize = tickSize,
            CandleLateness = lateness,
            Nodes = nodes,
        };
    }

    private static NodeSpec? ReadNode(string file, YamlNode item, List<PipelineError> errors)
    {
        if (item is not YamlMappingNode map)
        {
            errors.Add(new PipelineError(file, Line(item), null, "a node must be a mapping with id, kind, params, inputs"));
            return null;
        }
        string? id = null, kind = null;
        var kindLine = 0;
        var parameters = new List<ParameterValue>();
        var inputs = new List<InputReference>();
        var publish = OutputSelection.None;
        var persist = OutputSelection.None;
        var unknown = new List<(string, int)>();
        foreach (var (keyNode, value) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            switch (key)
            {
                case "id":
                    id = Scalar(file, key, value, errors);
                    break;
                case "kind":
                    kind = Scalar(file, key, value, errors);
                    kindLine = Line(value);
                    break;
                case "description":
                    break;
                case "params":
                    if (value is YamlMappingNode pm)
                    {
                        foreach (var (pk, pv) in pm.Children)
                        {
                            var text = Scalar(file, "parameter " + ((YamlScalarNode)pk).Value, pv, errors);
                            if (text is not null)
                                parameters.Add(new ParameterValue(((YamlScalarNode)pk).Value ?? "", text, Line(pk)));
                        }
                    }
                    else if (!IsEmpty(value))
                        errors.Add(new PipelineError(file, Line(value), null, "'params' must be a mapping (name: value)"));
                    break;
                case "inputs":
                    ReadInputs(file, value, inputs, errors);
                    break;
                case "publish":
                    publish = ReadSelection(file, key, value, errors);
                    break;
                case "persist":
                    persist = ReadSelection(file, key, value, errors);
                    break;
                default:
                    unknown.Add((key, Line(keyNode)));
                    break;
            }
        }
        foreach (var (key, line) in unknown)
            errors.Add(new PipelineError(file, line, id, $"has unknown key '{key}' (expected one of {string.Join(", ", NodeKeys)})"));
        if (id is null)
        {
            errors.Add(new PipelineError(file, Line(map), null, "node has no 'id'"));
            return null;
        }
        if (kind is null)
        {
            errors.Add(new PipelineError(file, Line(map), id, "has no 'kind'"));
            return null;
        }
        return new NodeSpec
        {
            Id = id,
            Kind = kind,
            Line = Line(map),
            KindLine = kindLine,
            Parameters = parameters,
            Inputs = inputs,
            Publish = publish,
            Persist = persist,
        };
    }

    private static void ReadInputs(string file, YamlNode value, List<InputReference> inputs, List<PipelineError> errors)
    {
        switch (value)
        {
            case YamlSequenceNode seq:
                foreach (var item in seq.Children)
                {
                    if (Scalar(file, "input", item, errors) is { } text)
                        inputs.Add(new InputReference(null, text, Line(item)));
                }
                break;
            case YamlMappingNode map:
                foreach (var (pk, pv) in map.Children)
                {
                    var port = ((YamlScalarNode)pk).Value ?? "";
                    if (pv is YamlSequenceNode many)
                    {
                        foreach (var item in many.Children)
                        {
                            if (Scalar(file, "input " + port, item, errors) is { } text)
                                inputs.Add(new InputReference(port, text, Line(item)));
                        }
                    }
                    else if (Scalar(file, "input " + port, pv, errors) is { } text)
                        inputs.Add(new InputReference(port, text, Line(pv)));
                }
                break;
            case YamlScalarNode scalar when !IsEmpty(scalar):
                inputs.Add(new InputReference(null, scalar.Value!, Line(scalar)));
                break;
        }
    }

    private static OutputSelection ReadSelection(string file, string key, YamlNode value, List<PipelineError> errors)
    {
        if (value is YamlScalarNode s)
        {
            switch (s.Value)
            {
                case "true": return new OutputSelection(true, [], Line(s));
                case "false": return OutputSelection.None;
            }
            return new OutputSelection(false, [s.Value ?? ""], Line(s));
        }
        var ports = new List<string>();
        foreach (var item in Sequence(file, key, value, errors))
        {
            if (Scalar(file, key, item, errors) is { } port)
                ports.Add(port);
        }
        return new OutputSelection(false, ports, Line(value));
    }

    private static SessionSpec? ReadSession(string file, YamlNode value, List<PipelineError> errors)
    {
        if (value is YamlScalarNode s)
        {
            var preset = s.Value ?? "";
            if (!SessionSpec.Presets.Contains(preset))
            {
                errors.Add(new PipelineError(file, Line(s), null, $"session '{preset}' is not a preset (expected one of {string.Join(", ", SessionSpec.Presets)}, or a mapping with timezone, open, close, days)"));
                return null;
            }
            return SessionSpec.Utc with { Preset = preset, Line = Line(s) };
        }
        if (value is not YamlMappingNode map)
        {
            errors.Add(new PipelineError(file, Line(value), null, "'session' must be a preset name or a mapping with timezone, open, close, days"));
            return null;
        }
        string? zone = null;
        TimeSpan? open = null, close = null;
        var days = new List<DayOfWeek>();
        foreach (var (keyNode, v) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            switch (key)
            {
                case "timezone":
                    zone = Scalar(file, key, v, errors);
                    if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                    {
                        errors.Add(new PipelineError(file, Line(v), null, $"session timezone '{zone}' is not a known IANA zone (expected e.g. America/New_York)"));
                        zone = null;
                    }
                    break;
                case "open":
                case "close":
                    var text = Scalar(file, key, v, errors);
                    if (text is null)
                        break;
                    if (!TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out var t))
                    {
                        errors.Add(new PipelineError(file, Line(v), null, $"session {key} '{text}' is not a time of day (expected HH:MM, e.g. 09:30)"));
                        break;
                    }
                    if (key == "open")
                        open = t;
                    else
                        close = t;
                    break;
                case "days":
                    foreach (var item in Sequence(file, key, v, errors))
                    {
                        var day = Scalar(file, key, item, errors);
                        if (!ExchangeCalendars.TryParseWeekday(day, out var parsed))
                            errors.Add(new PipelineError(file, Line(item), null, $"session day '{day}' is not a weekday (expected sun, mon, tue, wed, thu, fri, sat)"));
                        else
                            days.Add(parsed);
                    }
                    break;
                default:
                    errors.Add(new PipelineError(file, Line(keyNode), null, $"session has unknown key '{key}' (expected one of {string.Join(", ", SessionKeys)})"));
                    break;
            }
        }
        if (zone is null || open is null)
        {
            if (!errors.Any(e => e.Line >= Line(map)))
                errors.Add(new PipelineError(file, Line(map), null, "session needs 'timezone' and 'open'"));
            return null;
        }
        return new SessionSpec(null, zone, open.Value, close, days, Line(map));
    }

    private static string? Scalar(string file, string what, YamlNode node, List<PipelineError> errors)
    {
        if (node is YamlScalarNode s && s.Value is { } v)
            return v;
        errors.Add(new PipelineError(file, Line(node), null, $"'{what}' must be a single value"));
        return null;
    }

    private static IEnumerable<YamlNode> Sequence(string file, string what, YamlNode node, List<PipelineError> errors)
    {
        if (node is YamlSequenceNode seq)
            return seq.Children;
        if (IsEmpty(node))
            return [];
        errors.Add(new PipelineError(file, Line(node), null, $"'{what}' must be a list"));
        return [];
    }

    private static bool IsEmpty(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null" };

    private static int Line(YamlNode node) => (int)node.Start.Line;
}
