namespace TradingEngine.Engine.Pipelines;

/// <summary>A parameter as written in YAML (<c>period: 21</c>), before it is checked against the kind's schema.</summary>
public sealed record ParameterValue(string Name, string Text, int Line);
