namespace TradingEngine.Engine.Pipelines;

/// <summary>
/// One parameter of one node set from outside the pipeline file (<c>te replay --set ema_fast.period=12</c>, a variant of
/// <c>te sweep</c>): the value replaces the file's, or is added when the file leaves the parameter at its default.
/// </summary>
public sealed record ParameterOverride(string Node, string Parameter, string Value)
{
    /// <summary>Reads <c>node.parameter=value</c>; the error names the text and the expected form.</summary>
    public static ParameterOverride Parse(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var dot = eq < 0 ? -1 : text.LastIndexOf('.', eq);
        if (eq < 0 || dot <= 0 || dot == eq - 1 || eq == text.Length - 1)
            throw new FormatException($"--set '{text}': expected NODE.PARAMETER=VALUE (ema_fast_5m.period=12)");
        return new ParameterOverride(text[..dot].Trim(), text[(dot + 1)..eq].Trim(), text[(eq + 1)..].Trim());
    }

    /// <summary>The key of a swept parameter: <c>node.parameter</c>.</summary>
    public string Key => $"{Node}.{Parameter}";

    public override string ToString() => $"{Node}.{Parameter}={Value}";
}
