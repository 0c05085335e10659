namespace TradingEngine.Engine.Pipelines;

/// <summary>Which outputs of a node to publish or persist: <c>true</c> (all), or a list of port names.</summary>
public sealed record OutputSelection(bool All, IReadOnlyList<string> Ports, int Line)
{
    /// <summary>Nothing selected.</summary>
    public static readonly OutputSelection None = new(false, [], 0);

    /// <summary>Whether anything is selected.</summary>
    public bool Any => All || Ports.Count > 0;
}
