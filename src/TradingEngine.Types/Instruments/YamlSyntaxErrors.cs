using YamlDotNet.Core;

namespace TradingEngine.Types;

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
}
