using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using TradingEngine.Types;

namespace TradingEngine.Configuration;

/// <summary>
/// A minimal YAML document tree built from YamlDotNet's event parser (no object mapping, no reflection, so it
/// works under NativeAOT), keeping each node's line for error messages.
/// </summary>
internal abstract class YamlNode
{
    protected YamlNode(int line) => Line = line;

    public int Line { get; }

    public static YamlNode? Parse(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
                return null;
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, file);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
                throw new InstrumentRegistryException(file, (int)parser.Current!.Start.Line, "only one YAML document is allowed");
            return root;
        }
        catch (YamlException e)
        {
            throw new InstrumentRegistryException(file, (int)e.Start.Line, $"not valid YAML: {e.Message}");
        }
        catch (Exception e) when (YamlSyntaxErrors.IsMalformedYaml(e))
        {
            throw new InstrumentRegistryException(file, (int)(parser.Current?.Start.Line ?? 1), $"not valid YAML ({e.Message})");
        }
    }

    private static YamlNode ReadNode(IParser parser, string file)
    {
        var start = (int)parser.Current!.Start.Line;
        if (parser.TryConsume<Scalar>(out var scalar))
            return new YamlScalar(start, scalar.Value, scalar.Style is ScalarStyle.Plain && scalar.Value is "" or "~" or "null");
        if (parser.TryConsume<MappingStart>(out _))
        {
            var map = new YamlMap(start);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyLine = (int)parser.Current!.Start.Line;
                if (!parser.TryConsume<Scalar>(out var key))
                    throw new InstrumentRegistryException(file, keyLine, "mapping keys must be plain scalars");
                if (map.Entries.Any(e => e.Key == key.Value))
                    throw new InstrumentRegistryException(file, keyLine, $"duplicate key '{key.Value}'");
                map.Entries.Add((key.Value, keyLine, ReadNode(parser, file)));
            }
            return map;
        }
        if (parser.TryConsume<SequenceStart>(out _))
        {
            var seq = new YamlSeq(start);
            while (!parser.TryConsume<SequenceEnd>(out _))
                seq.Items.Add(ReadNode(parser, file));
            return seq;
        }
        throw new InstrumentRegistryException(file, start, $"unsupported YAML construct ({parser.Current?.GetType().Name}: anchors and aliases are not used here)");
    }
}

internal sealed class YamlScalar(int line, string value, bool isNull) : YamlNode(line)
{
    public string Value { get; } = value;
    public bool IsNull { get; } = isNull;
}

internal sealed class YamlMap(int line) : YamlNode(line)
{
    public List<(string Key, int Line, YamlNode Value)> Entries { get; } = [];
}

internal sealed class YamlSeq(int line) : YamlNode(line)
{
    public List<YamlNode> Items { get; } = [];
}
