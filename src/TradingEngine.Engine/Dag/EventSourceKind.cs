namespace TradingEngine.Engine.Dag;

/// <summary>
/// The things that can start a DAG walk. Each compiled DAG has one source per non-candle kind and
/// three per declared timeframe; each source has its own precompiled list of reachable steps.
/// </summary>
public enum EventSourceKind : byte
{
    /// <summary>A trade tick (<c>ticks</c>).</summary>
    Tick = 0,

    /// <summary>A best bid/ask update (<c>quotes</c>).</summary>
    Quote = 1,

    /// <summary>A timer/heartbeat event (<c>timer</c>).</summary>
    Timer = 2,

    /// <summary>A gap: input lost upstream (<c>gaps</c>).</summary>
    Gap = 3,

    /// <summary>A candle of one timeframe closed (<c>candles:TF</c>).</summary>
    CandleClose = 4,

    /// <summary>The forming candle of one timeframe changed (<c>forming:TF</c>).</summary>
    CandleUpdate = 5,

    /// <summary>A pre-aggregated candle arrived (<c>external:TF</c>).</summary>
    ExternalCandle = 6,
}
