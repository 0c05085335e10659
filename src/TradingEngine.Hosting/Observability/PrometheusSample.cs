namespace TradingEngine.Hosting.Observability;

/// <summary>One line of a scrape: <c>name{labels} value</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The label's value, or "" when the sample has none of that name.</summary>
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}
