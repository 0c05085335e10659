namespace TradingEngine.Strategies.Positions;

/// <summary>Why the simulated tracker filled an order.</summary>
internal enum FillReason : byte
{
    None = 0,
    Entry = 1,
    Exit = 2,
    Stop = 3,
    Target = 4,
    /// <summary>Closed at a futures roll (<c>on_roll: flatten</c>), at the old contract's reference price.</summary>
    Roll = 5,
}
