namespace TradingEngine.Types;

/// <summary>
/// An interned instrument symbol. Ids are handed out by a <see cref="SymbolRegistry"/> in registration order,
/// so they are deterministic for a given configuration (never derived from a string hash).
/// </summary>
public readonly record struct SymbolId(int Value)
{
    public static readonly SymbolId None = default;

    public bool IsNone => Value == 0;

    public override string ToString() => $"#{Value}";
}
