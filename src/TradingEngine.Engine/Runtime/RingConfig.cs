namespace TradingEngine.Engine.Runtime;

/// <summary>Size and wait strategy of one ring, as configured in engine.yaml.</summary>
/// <param name="Size">Slots, a power of two.</param>
/// <param name="Wait">busy_spin, yielding, sleeping or blocking.</param>
public sealed record RingConfig(int Size, string Wait)
{
    /// <summary>The wait strategies engine.yaml accepts.</summary>
    public static readonly IReadOnlyList<string> WaitStrategies = ["busy_spin", "yielding", "sleeping", "blocking"];

    /// <summary>Creates the ring's wait strategy.</summary>
    public Ring.WaitStrategy CreateWaitStrategy() => Wait switch
    {
        "busy_spin" => new Ring.BusySpinWaitStrategy(),
        "yielding" => new Ring.YieldingWaitStrategy(),
        "sleeping" => new Ring.SleepingWaitStrategy(),
        _ => new Ring.BlockingWaitStrategy(),
    };
}
