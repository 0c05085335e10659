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
    /// <summary>
    /// An input-ring slot the ingestion claimed for a message it then rejected (it decodes straight into the claimed
    /// slot, so the check comes after the claim). Carries nothing: every ring consumer ignores it and counts it
    /// (the executor in <c>ExecutorCounters.SkipMarkers</c>, the journaler in <c>JournalWriter.SkipMarkers</c>); it is
    /// never journaled, so replay never sees one. The rejection itself is counted by reason where it happened.
    /// </summary>
    Skip = 6,
}
