using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TradingEngine.Configuration;
using TradingEngine.Engine.Dag;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Catalog;

/// <summary>
/// The JSON Schema of a pipeline file (<c>pipelines/*.yaml</c>), generated from the node registry: the top-level keys
/// the loader reads, and per node <c>kind</c> its parameters (type, default, range or words, required when there is no
/// default), its input port names and its output port names. YAML editors use it for completion and validation
/// (<c># yaml-language-server: $schema=../schemas/pipeline.schema.json</c>); the loader and compiler stay the
/// authority (they also check references, timeframes and ids). One place it is stricter: a publish/persist port the
/// kind lacks, which the compiler ignores today.
/// </summary>
internal static class PipelineSchema
{
    /// <summary>Where the generated schema is checked in, relative to the repository root.</summary>
    public const string RelativePath = "schemas/pipeline.schema.json";

    /// <summary>The schema's text (indented, one trailing newline): what <see cref="RelativePath"/> holds.</summary>
    public static string Generate(NodeCatalog catalog) =>
        Build(catalog).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    public static JsonObject Build(NodeCatalog catalog)
    {
        var kinds = catalog.Kinds;
        var nodeRules = new JsonArray();
        foreach (var kind in kinds)
            nodeRules.Add((JsonNode)new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = new JsonObject { ["kind"] = new JsonObject { ["const"] = kind.Name } }, ["required"] = new JsonArray("kind") },
                ["then"] = KindRules(kind.Info),
            });
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://github.com/tradingengine/tradingengine/" + RelativePath,
            ["title"] = "TradingEngine pipeline",
            ["description"] = "A pipeline file (docs/pipelines.md). Generated from the node registry; node kinds: docs/nodes.md.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("nodes"),
            ["properties"] = new JsonObject
            {
                ["pipeline"] = Text("name of the pipeline (default: the file name)"),
                ["description"] = Text("free text"),
                ["timeframes"] = new JsonObject
                {
                    ["description"] = "the candle series: 1m 5m 1h 1d, 5m+empty, 500T, 25000V, 0.25R, 15m@ext:5m",
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["type"] = "string" },
                },
                ["session"] = new JsonObject
                {
                    ["description"] = "a calendar preset, or an explicit session",
                    ["oneOf"] = new JsonArray(
                        new JsonObject { ["enum"] = Strings(SessionCalendar.PresetNames.Prepend("utc").Distinct()) },
                        new JsonObject
                        {
                            ["type"] = "object",
                            ["additionalProperties"] = false,
                            ["required"] = new JsonArray("timezone", "open"),
                            ["properties"] = new JsonObject
                            {
                                ["timezone"] = Text("IANA time zone, e.g. America/New_York"),
                                ["open"] = TimeOfDay("session open, HH:MM"),
                                ["close"] = TimeOfDay("session close, HH:MM"),
                                ["days"] = new JsonObject
                                {
                                    ["type"] = "array",
                                    ["items"] = new JsonObject { ["enum"] = new JsonArray("sun", "mon", "tue", "wed", "thu", "fri", "sat") },
                                },
                            },
                        }),
                },
                ["tick_size"] = new JsonObject { ["description"] = "price increment, a positive decimal", ["type"] = "number", ["exclusiveMinimum"] = 0 },
                ["candle_lateness"] = new JsonObject
                {
                    ["description"] = "how long past a candle's end a timer waits before closing it (0, 250ms, 1s)",
                    ["type"] = new JsonArray("string", "integer"),
                },
                ["nodes"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("id", "kind"),
                        ["properties"] = new JsonObject
                        {
                            ["id"] = Text("unique node id; other nodes reference it as an input"),
                            ["kind"] = new JsonObject { ["description"] = "a registered node kind (docs/nodes.md)", ["enum"] = Strings(kinds.Select(k => k.Name)) },
                            ["description"] = Text("free text"),
                            ["params"] = new JsonObject { ["type"] = "object" },
                            ["inputs"] = new JsonObject
                            {
                                ["description"] = "list: positional; mapping: by port name. References: ticks, quotes, timer, gaps, candles:TF, forming:TF, external:TF, node, node.port",
                                ["type"] = new JsonArray("array", "object", "string"),
                            },
                            ["publish"] = Selection("outputs to the output ring (NATS, dashboard): true | false | port | [port, ...]"),
                            ["persist"] = Selection("outputs to the database sink: true | false | port | [port, ...]"),
                        },
                        ["allOf"] = nodeRules,
                    },
                },
            },
        };
    }

    private static JsonObject KindRules(NodeKindInfo info)
    {
        var parameters = new JsonObject();
        var required = new JsonArray();
        foreach (var p in info.Parameters)
        {
            parameters[p.Name] = Parameter(p);
            if (p.IsRequired)
                required.Add((JsonNode)JsonValue.Create(p.Name));
        }
        var paramsSchema = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = parameters };
        if (required.Count > 0)
            paramsSchema["required"] = required;
        var properties = new JsonObject
        {
            ["params"] = paramsSchema,
            ["inputs"] = new JsonObject
            {
                ["if"] = new JsonObject { ["type"] = "object" },
                ["then"] = new JsonObject
                {
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject(info.Inputs.Select(i => KeyValuePair.Create(i.Name, (JsonNode?)new JsonObject
                    {
                        ["description"] = $"{Describe(i)}{(i.Description.Length > 0 ? ": " + i.Description : "")}",
                    }))),
                },
            },
            ["publish"] = OutputSelection(info),
            ["persist"] = OutputSelection(info),
        };
        var rules = new JsonObject { ["properties"] = properties };
        if (info.Parameters.Any(p => p.IsRequired))
            rules["required"] = new JsonArray("params");
        return rules;
    }

    private static JsonObject Parameter(ParameterSpec p)
    {
        var schema = new JsonObject();
        if (p.Description.Length > 0)
            schema["description"] = p.Description;
        switch (p.Type)
        {
            case ParameterType.Integer:
                schema["type"] = "integer";
                if (HasBound(p.Min))
                    schema["minimum"] = (long)p.Min;
                if (HasBound(p.Max))
                    schema["maximum"] = (long)p.Max;
                break;
            case ParameterType.Number:
                schema["type"] = "number";
                if (HasBound(p.Min))
                    schema["minimum"] = p.Min;
                if (HasBound(p.Max))
                    schema["maximum"] = p.Max;
                break;
            case ParameterType.Boolean:
                schema["type"] = "boolean";
                break;
            case ParameterType.Choice:
                schema["enum"] = Strings(p.Choices);
                break;
            case ParameterType.Timeframe:
                schema["type"] = "string";
                schema["description"] = (p.Description.Length > 0 ? p.Description + " " : "") + "(a timeframe such as 1m, 5m, 1h)";
                break;
            default:
                schema["type"] = "string";
                break;
        }
        if (p.Default is { } value)
            schema["default"] = value switch
            {
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                bool b => JsonValue.Create(b),
                _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
            };
        return schema;
    }

    /// <summary>A bound the spec really sets (the unbounded ones are long.MinValue/MaxValue or double.MinValue/MaxValue).</summary>
    internal static bool HasBound(double bound) => bound > long.MinValue && bound < long.MaxValue;

    internal static string Describe(InputPort port) =>
        port.Type.ToString().ToLowerInvariant() + (port.Variadic ? ", several" : "") + (port.Optional ? ", optional" : "");

    private static JsonObject OutputSelection(NodeKindInfo info)
    {
        var port = new JsonObject { ["enum"] = Strings(info.Outputs.Select(o => o.Name)) };
        return new JsonObject
        {
            ["oneOf"] = new JsonArray(
                new JsonObject { ["type"] = "boolean" },
                port,
                new JsonObject { ["type"] = "array", ["items"] = port.DeepClone() }),
        };
    }

    private static JsonObject Selection(string description) => new() { ["description"] = description, ["type"] = new JsonArray("boolean", "string", "array") };

    private static JsonObject Text(string description) => new() { ["description"] = description, ["type"] = "string" };

    private static JsonObject TimeOfDay(string description) => new() { ["description"] = description, ["type"] = "string", ["pattern"] = "^[0-2][0-9]:[0-5][0-9]$" };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
