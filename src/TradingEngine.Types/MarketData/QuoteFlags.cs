namespace TradingEngine.Types;

[Flags]
public enum QuoteFlags : byte
{
    None = 0,
    Suspicious = 4,
    Flagged = 8,
}
