namespace TradingEngine.Types;

[Flags]
public enum CandleFlags : byte
{
    None = 0,
    /// <summary>Final: the bucket has ended. Without it the candle is still forming and updated in place.</summary>
    Closed = 1,
    /// <summary>An empty bar made by an explicit gap policy (no trades; O=H=L=C=previous close, volume 0).</summary>
    Synthetic = 2,
    /// <summary>Came from an external source (<c>candles.external.{symbol}.{tf}</c>) rather than our aggregation.</summary>
    External = 4,
    /// <summary>
    /// Closed because a replay's input ended (<c>te replay</c>'s end-of-data event), not because its bucket or
    /// threshold was reached: the live engine, still running, has this candle forming. Always with <see cref="Closed"/>.
    /// Comparisons of live output with replay output leave these out.
    /// </summary>
    EndOfData = 8,
}
