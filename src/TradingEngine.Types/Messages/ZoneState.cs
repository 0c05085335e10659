namespace TradingEngine.Types;

/// <summary>The life of a price zone (fair value gap, order block, liquidity level).</summary>
public enum ZoneState : byte
{
    None = 0,
    /// <summary>Formed and untouched.</summary>
    Active = 1,
    /// <summary>Price entered the zone but did not cross it.</summary>
    PartiallyFilled = 2,
    /// <summary>Price crossed the zone (a gap filled, a block mitigated, a level swept).</summary>
    Filled = 3,
    /// <summary>Broken through with a close beyond the zone: no longer valid.</summary>
    Invalidated = 4,
}
