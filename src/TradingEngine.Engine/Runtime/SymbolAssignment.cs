namespace TradingEngine.Engine.Runtime;

/// <summary>A symbol or pattern (<c>*</c> matches any run of characters) and the pipeline file it runs.</summary>
public sealed record SymbolAssignment(string Symbol, string Pipeline, int Line)
{
    /// <summary>Whether <paramref name="symbol"/> matches this entry.</summary>
    public bool Matches(string symbol) => Match(Symbol.AsSpan(), symbol.AsSpan());

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        if (pattern.IsEmpty)
            return text.IsEmpty;
        if (pattern[0] == '*')
        {
            for (var i = 0; i <= text.Length; i++)
            {
                if (Match(pattern[1..], text[i..]))
                    return true;
            }
            return false;
        }
        return !text.IsEmpty && pattern[0] == text[0] && Match(pattern[1..], text[1..]);
    }
}
