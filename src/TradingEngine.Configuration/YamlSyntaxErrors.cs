using YamlDotNet.Core;
using TradingEngine.Types;

namespace TradingEngine.Configuration;

/// <summary>
/// Which exceptions of YamlDotNet mean "this text is not valid YAML". Besides <see cref="YamlException"/>, YamlDotNet
/// 18 throws <see cref="InvalidOperationException"/> from its scanner (<c>Scanner.ScanPlainScalar</c> on some malformed
/// plain scalars inside flow collections) and <see cref="ArgumentException"/> from its representation model
/// (<c>YamlNode.ParseNode</c>: "The current event is of an unsupported type") — found by fuzzing every YAML loader
/// (tests/TradingEngine.Fuzz/regressions/*-yaml). Each loader turns all three into its own error naming file and line.
/// Use it only around the library's parse calls: our own code's exceptions must not be mistaken for bad input.
/// </summary>
public static class YamlSyntaxErrors
{
    public static bool IsMalformedYaml(Exception ex) => ex is YamlException or InvalidOperationException or ArgumentException;

    /// <summary>
    /// The first mapping key that is not a plain scalar (<c>[a, b]: 1</c>, <c>? {x: 1}</c>), or null. Our configuration
    /// files only use scalar keys; a loader checks this once after parsing instead of casting every key (a cast failed
    /// with InvalidCastException: found by fuzzing, tests/TradingEngine.Fuzz/regressions/profile-yaml).
    /// </summary>
    public static YamlDotNet.RepresentationModel.YamlNode? FirstNonScalarKey(YamlDotNet.RepresentationModel.YamlNode node)
    {
        switch (node)
        {
            case YamlDotNet.RepresentationModel.YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlDotNet.RepresentationModel.YamlScalarNode)
                        return key;
                    if (FirstNonScalarKey(value) is { } inner)
                        return inner;
                }
                return null;
            case YamlDotNet.RepresentationModel.YamlSequenceNode seq:
                foreach (var item in seq.Children)
                {
                    if (FirstNonScalarKey(item) is { } inner)
                        return inner;
                }
                return null;
            default:
                return null;
        }
    }
}
