namespace TradingEngine.Dashboard.Streaming;

/// <summary>
/// What became of the raw ticks the dashboard read for its forming candles (<see cref="FormingCandles"/>): folded into
/// at least one, of a symbol without a closed candle yet, and (per series) older than its last close or with more
/// digits than its candles.
/// </summary>
public sealed record TickPreviewStats(long Folded, long NoSeries, long Late, long Unscalable);
