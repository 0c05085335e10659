namespace TradingEngine.Engine.Aggregation;

/// <summary>What a time bar specification does with a bucket in which nothing traded.</summary>
public enum EmptyBarPolicy : byte
{
    /// <summary>No candle at all: the series has a hole (the default, like Lean and Nautilus).</summary>
    Skip = 0,
    /// <summary>
    /// A closed candle with <see cref="TradingEngine.Types.CandleFlags.Synthetic"/>: O = H = L = C = previous close,
    /// volume 0, tick count 0. Only inside sessions, and only after the first real candle (there is no previous close before it).
    /// </summary>
    Synthetic = 1,
}
