namespace TradingEngine.Types;

/// <summary>What an input-ring slot carries.</summary>
public enum MarketEventKind : byte
{
    None = 0,
    Tick = 1,
    Quote = 2,
    /// <summary>A pre-aggregated candle from an external source.</summary>
    Candle = 3,
    /// <summary>Time passes without data: closes candles whose bucket has ended. Journaled like ticks.</summary>
    Timer = 4,
    /// <summary>Input was lost (NATS slow consumer, sequence gap): nodes can see it.</summary>
    Gap = 5,
}
