using System.Globalization;
using TradingEngine.Types;

namespace TradingEngine.Engine.Dag;

/// <summary>
/// The schema of one node parameter: type, default, allowed range or words. The graph builder
/// checks every YAML value against it, so a node's <c>Create</c> receives only values that parse
/// and lie in range. A parameter without a default is required.
/// </summary>
public sealed class ParameterSpec
{
    private ParameterSpec(string name, ParameterType type, object? defaultValue, double min, double max, string[] choices, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Type = type;
        Default = defaultValue;
        Min = min;
        Max = max;
        Choices = choices;
        Description = description;
    }

    /// <summary>Parameter name as written under <c>params:</c>.</summary>
    public string Name { get; }

    /// <summary>The value type.</summary>
    public ParameterType Type { get; }

    /// <summary>The default (already typed: long, double, bool, string or <see cref="Timeframe"/>); null when required.</summary>
    public object? Default { get; }

    /// <summary>Inclusive lower bound for Integer and Number parameters.</summary>
    public double Min { get; }

    /// <summary>Inclusive upper bound for Integer and Number parameters.</summary>
    public double Max { get; }

    /// <summary>The allowed words of a Choice parameter.</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <summary>One line for docs and <c>te dag</c>.</summary>
    public string Description { get; }

    /// <summary>The value of this choice that needs <see cref="RequiredInput"/> bound (null: none does).</summary>
    public string? RequiringValue { get; private init; }

    /// <summary>The input port a node must bind when this parameter is <see cref="RequiringValue"/>.</summary>
    public string? RequiredInput { get; private init; }

    /// <summary>What the value does without the input (the end of the compiler's error).</summary>
    public string? RequiredInputWhy { get; private init; }

    /// <summary>
    /// This choice parameter, refused at compile time when it is <paramref name="value"/> and the node does not bind input
    /// port <paramref name="input"/> (<paramref name="why"/>: what would happen otherwise, for the error).
    /// </summary>
    public ParameterSpec RequiringInput(string value, string input, string why)
    {
        if (Type != ParameterType.Choice || !Choices.Contains(value))
            throw new ArgumentException($"parameter '{Name}': '{value}' is not one of its choices ({string.Join(", ", Choices)})", nameof(value));
        return new(Name, Type, Default, Min, Max, [.. Choices], Description) { RequiringValue = value, RequiredInput = input, RequiredInputWhy = why };
    }

    /// <summary>True when the YAML must give a value.</summary>
    public bool IsRequired => Default is null;

    /// <summary>An integer parameter; <paramref name="defaultValue"/> null makes it required.</summary>
    public static ParameterSpec Integer(string name, long? defaultValue, long min = long.MinValue, long max = long.MaxValue, string description = "") =>
        new(name, ParameterType.Integer, defaultValue, min, max, [], description);

    /// <summary>A finite double parameter; <paramref name="defaultValue"/> null makes it required.</summary>
    public static ParameterSpec Number(string name, double? defaultValue, double min = double.MinValue, double max = double.MaxValue, string description = "") =>
        new(name, ParameterType.Number, defaultValue, min, max, [], description);

    /// <summary>A boolean parameter.</summary>
    public static ParameterSpec Boolean(string name, bool? defaultValue, string description = "") =>
        new(name, ParameterType.Boolean, defaultValue, 0, 0, [], description);

    /// <summary>A free-text parameter.</summary>
    public static ParameterSpec Text(string name, string? defaultValue, string description = "") =>
        new(name, ParameterType.Text, defaultValue, 0, 0, [], description);

    /// <summary>A timeframe parameter such as <c>5m</c>.</summary>
    public static ParameterSpec TimeframeValue(string name, Timeframe? defaultValue, string description = "") =>
        new(name, ParameterType.Timeframe, defaultValue, 0, 0, [], description);

    /// <summary>A parameter that takes one of <paramref name="choices"/>.</summary>
    public static ParameterSpec Choice(string name, string? defaultValue, string[] choices, string description = "")
    {
        if (choices.Length == 0)
            throw new ArgumentException($"choice parameter '{name}' needs at least one choice", nameof(choices));
        if (defaultValue is not null && Array.IndexOf(choices, defaultValue) < 0)
            throw new ArgumentException($"choice parameter '{name}' default '{defaultValue}' is not one of {string.Join(", ", choices)}", nameof(defaultValue));
        return new(name, ParameterType.Choice, defaultValue, 0, 0, (string[])choices.Clone(), description);
    }

    /// <summary>
    /// Parses and checks <paramref name="text"/>; on failure <paramref name="error"/> says what was
    /// expected (the caller prefixes file, line, node and parameter).
    /// </summary>
    public bool TryParse(string text, out object value, out string error)
    {
        value = text;
        error = "";
        switch (Type)
        {
            case ParameterType.Integer:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    error = "expected a whole number";
                    return false;
                }
                if (l < Min || l > Max)
                {
                    error = $"expected a whole number in [{FormatBound(Min)}, {FormatBound(Max)}]";
                    return false;
                }
                value = l;
                return true;
            case ParameterType.Number:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                {
                    error = "expected a finite number";
                    return false;
                }
                if (d < Min || d > Max)
                {
                    error = $"expected a number in [{FormatBound(Min)}, {FormatBound(Max)}]";
                    return false;
                }
                value = d;
                return true;
            case ParameterType.Boolean:
                if (text is "true" or "false")
                {
                    value = text == "true";
                    return true;
                }
                error = "expected true or false";
                return false;
            case ParameterType.Timeframe:
                if (Types.Timeframe.TryParse(text, out var tf))
                {
                    value = tf;
                    return true;
                }
                error = "expected a timeframe such as 1m, 5m, 1h";
                return false;
            case ParameterType.Choice:
                foreach (var c in Choices)
                {
                    if (c == text)
                        return true;
                }
                error = $"expected one of {string.Join(", ", Choices)}";
                return false;
            default:
                return true;
        }
    }

    private static string FormatBound(double bound) =>
        bound <= long.MinValue ? "-inf" : bound >= long.MaxValue ? "+inf" : bound.ToString(CultureInfo.InvariantCulture);
}
