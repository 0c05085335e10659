namespace TradingEngine.Indicators.Volume;

/// <summary>The rule that decided a trade's <see cref="AggressorSide"/>.</summary>
internal enum AggressorRule : byte
{
    None = 0,
    /// <summary>The feed said (CME MDP aggressor flag, Databento side, NinjaTrader's bid/ask print).</summary>
    Feed = 1,
    /// <summary>Price at or through the ask → buy, at or through the bid → sell, against the latest uncrossed BBO.</summary>
    Quote = 2,
    /// <summary>Uptick → buy, downtick → sell, zero tick → the previous trade's side.</summary>
    Tick = 3,
}
