namespace TradingEngine.Engine.Pipelines;

/// <summary>
/// The trading session candles align to: buckets start at <see cref="Anchor"/> local time in
/// <see cref="TimeZone"/> (e.g. CME 17:00 America/Chicago, US equities 09:30 America/New_York).
/// </summary>
/// <param name="Anchor">Local time of day a session starts.</param>
/// <param name="TimeZone">IANA zone id.</param>
/// <param name="Line">1-based line of <c>session:</c>.</param>
public sealed record SessionSpec(TimeOnly Anchor, string TimeZone, int Line)
{
    /// <summary>UTC midnight alignment, used when a pipeline declares no session.</summary>
    public static readonly SessionSpec Utc = new(TimeOnly.MinValue, "UTC", 0);
}
