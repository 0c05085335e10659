namespace TradingEngine.Strategies.Positions;

/// <summary>Why the simulated tracker filled an order.</summary>
public enum FillReason : byte
{
    None = 0,
    Entry = 1,
    Exit = 2,
    Stop = 3,
    Target = 4,
}
