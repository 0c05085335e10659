using TradingEngine.Types;

namespace TradingEngine.Engine.Simulation;

/// <summary>
/// Shape of a synthetic futures session. The defaults give an ES-like market: 0.25 tick, 2 decimals, trading
/// from 20:00 UTC through the CME daily halt (22:00–23:00 UTC) into the next session, about 200k trades.
/// </summary>
public sealed record SyntheticSessionOptions
{
    public string Symbol { get; init; } = "ES";
    public ulong Seed { get; init; } = 20_240_102;
    /// <summary>First event time (UTC ns). Default 2024-01-02 20:00:00 UTC, a Tuesday.</summary>
    public long Start { get; init; } = 1_704_225_600L * UtcNanos.PerSecond;
    public int TickCount { get; init; } = 200_000;
    public Price StartPrice { get; init; } = new(480_000, 2);
    /// <summary>Minimum price increment in raw units of <see cref="StartPrice"/>'s precision (25 = 0.25).</summary>
    public long TickSizeRaw { get; init; } = 25;
    /// <summary>The halt: no trades between these UTC times of day (ns since midnight). Default 22:00–23:00.</summary>
    public long HaltStartOfDay { get; init; } = 22 * UtcNanos.PerHour;
    public long HaltEndOfDay { get; init; } = 23 * UtcNanos.PerHour;
    /// <summary>With no trade for this long, a timer event is emitted so candles close on time.</summary>
    public long HeartbeatInterval { get; init; } = UtcNanos.PerSecond;
}
