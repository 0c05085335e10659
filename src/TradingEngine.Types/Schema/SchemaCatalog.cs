using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using TradingEngine.Types.Schema;

namespace TradingEngine.Types;

/// <summary>
/// The JSON Schema of every catalog message (draft 2020-12), generated with <see cref="JsonSchemaExporter"/> from
/// wire-shape DTOs, one file per type (<c>tick.schema.json</c> …), checked in under
/// <c>src/TradingEngine.Types/schemas/</c> and written by <c>te schema export</c>. <see cref="Diff"/> is the drift
/// check the tests run.
/// </summary>
public static class SchemaCatalog
{
    public const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>The repository folder the schemas live in, relative to the repository root.</summary>
    public const string RelativeDirectory = "src/TradingEngine.Types/schemas";

    /// <summary>The command that regenerates the checked-in schemas.</summary>
    public const string ExportCommand = "./run.sh schema export";

    /// <summary>Every message type with a public JSON form, in catalog order.</summary>
    public static IReadOnlyList<MessageType> Types { get; } =
        Enum.GetValues<MessageType>().Where(t => t != MessageType.None).ToArray();

    /// <summary>The wire name of a type: "swing_point".</summary>
    public static string WireName(MessageType type) => Encoding.UTF8.GetString(EnumText<MessageType>.NameOf(type));

    public static string FileName(MessageType type) => $"{WireName(type)}.schema.json";

    /// <summary>File name → schema text (indented, LF, trailing newline), for every type.</summary>
    public static IReadOnlyList<(string FileName, string Json)> Generate() =>
        Types.Select(t => (FileName(t), Generate(t))).ToArray();

    public static string Generate(MessageType type)
    {
        var node = JsonSchemaExporter.GetJsonSchemaAsNode(TypeInfo(type), new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
        });
        var schema = new JsonObject
        {
            ["$schema"] = SchemaDialect,
            ["$id"] = $"tradingengine/schemas/v{JsonMessageEncoder.SchemaVersion}/{FileName(type)}",
            ["title"] = WireName(type),
            ["description"] = $"TradingEngine external contract, schema_version {JsonMessageEncoder.SchemaVersion}: a {WireName(type)} message. " +
                              "Prices and sizes are exact decimal numbers; timestamps ISO 8601 UTC with up to 9 fractional digits. See docs/message_catalog.md.",
        };
        foreach (var (key, value) in node.AsObject().ToArray())
        {
            node.AsObject().Remove(key);
            schema[key] = value;
        }
        var properties = schema["properties"]!.AsObject();
        properties["schema_version"]!.AsObject()["const"] = JsonMessageEncoder.SchemaVersion;
        properties["type"]!.AsObject()["const"] = WireName(type);
        properties["timeframe"]!.AsObject()["pattern"] = "^[1-9][0-9]*[smhdw]$";
        properties["symbol"]!.AsObject()["minLength"] = 1;
        properties["data"]!.AsObject()["type"] = "object"; // a generic member is null-oblivious to the exporter; data is never null
        // metadata is an open map: the keys below are typed, a producer may add its own (version, host, …)
        properties["metadata"]!.AsObject()["additionalProperties"] = true;
        var json = schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 });
        return json.Replace("\r\n", "\n") + "\n";
    }

    /// <summary>Writes every schema into <paramref name="directory"/> and deletes stale <c>*.schema.json</c> files; returns the paths written.</summary>
    public static IReadOnlyList<string> Export(string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, json) in Generate())
        {
            var path = Path.Combine(directory, file);
            File.WriteAllText(path, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(path);
            expected.Add(file);
        }
        foreach (var stale in Directory.EnumerateFiles(directory, "*.schema.json"))
            if (!expected.Contains(Path.GetFileName(stale)))
                File.Delete(stale);
        return written;
    }

    /// <summary>
    /// Compares the schemas in <paramref name="directory"/> with what the types generate: one line per missing,
    /// extra or differing file (with the first differing line). Empty when they agree.
    /// </summary>
    public static IReadOnlyList<string> Diff(string directory)
    {
        var problems = new List<string>();
        var expected = Generate();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, json) in expected)
        {
            names.Add(file);
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                problems.Add($"{file}: missing (the type generates it)");
                continue;
            }
            var actual = File.ReadAllText(path).Replace("\r\n", "\n");
            if (actual != json)
                problems.Add($"{file}: differs from the generated schema, {FirstDifference(actual, json)}");
        }
        if (Directory.Exists(directory))
            foreach (var path in Directory.EnumerateFiles(directory, "*.schema.json").Order(StringComparer.Ordinal))
                if (!names.Contains(Path.GetFileName(path)))
                    problems.Add($"{Path.GetFileName(path)}: no type generates it (stale)");
        return problems;
    }

    private static string FirstDifference(string actual, string expected)
    {
        var a = actual.Split('\n');
        var e = expected.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, e.Length); i++)
        {
            var x = i < a.Length ? a[i] : "<end of file>";
            var y = i < e.Length ? e[i] : "<end of file>";
            if (x != y)
                return $"line {i + 1}: checked in `{x.Trim()}`, generated `{y.Trim()}`";
        }
        return "whitespace only";
    }

    internal static JsonTypeInfo TypeInfo(MessageType type)
    {
        var c = WireJsonContext.Default;
        return type switch
        {
            MessageType.Tick => c.EnvelopeDtoTickDto,
            MessageType.Quote => c.EnvelopeDtoQuoteDto,
            MessageType.Candle => c.EnvelopeDtoCandleDto,
            MessageType.Timer => c.EnvelopeDtoTimerDto,
            MessageType.Gap => c.EnvelopeDtoGapDto,
            MessageType.SwingPoint => c.EnvelopeDtoSwingPointDto,
            MessageType.FairValueGap => c.EnvelopeDtoFairValueGapDto,
            MessageType.OrderBlock => c.EnvelopeDtoOrderBlockDto,
            MessageType.LiquidityLevel => c.EnvelopeDtoLiquidityLevelDto,
            MessageType.BreakOfStructure => c.EnvelopeDtoBreakOfStructureDto,
            MessageType.VolumeProfile => c.EnvelopeDtoVolumeProfileDto,
            MessageType.DeltaVolume => c.EnvelopeDtoDeltaVolumeDto,
            MessageType.Footprint => c.EnvelopeDtoFootprintDto,
            MessageType.CumulativeDelta => c.EnvelopeDtoCumulativeDeltaDto,
            MessageType.MovingAverage => c.EnvelopeDtoMovingAverageDto,
            MessageType.Vwap => c.EnvelopeDtoVwapDto,
            MessageType.Rsi or MessageType.Atr => c.EnvelopeDtoPeriodValueDto,
            MessageType.NodeValue => c.EnvelopeDtoNodeValueDto,
            MessageType.TradeSignal => c.EnvelopeDtoTradeSignalDto,
            MessageType.PositionUpdate => c.EnvelopeDtoPositionUpdateDto,
            MessageType.RiskMetric => c.EnvelopeDtoRiskMetricDto,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no JSON form"),
        };
    }
}
