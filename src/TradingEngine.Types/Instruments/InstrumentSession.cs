namespace TradingEngine.Types;

/// <summary>
/// When an instrument trades, in its exchange's time zone (IANA id, resolved from the system's tzdata):
/// CME equity futures open 17:00 and close 16:00 America/Chicago (the session spans midnight), US equities
/// 09:30–16:00 America/New_York. The <see cref="Anchor"/> is where a trading day starts (session VWAP,
/// cumulative delta and volume profile reset there): CME 17:00 Chicago, equities 09:30 New York.
/// Weekends and holidays are not modelled yet: a session exists every day. (Named apart from the aggregation's
/// <c>TradingEngine.Types.SessionCalendar</c>, which buckets bars and can be built from this.)
/// </summary>
public sealed class InstrumentSession
{
    public InstrumentSession(string timeZoneId, TimeOnly open, TimeOnly close, TimeOnly anchor)
    {
        TimeZoneId = timeZoneId;
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        Open = open;
        Close = close;
        Anchor = anchor;
    }

    public string TimeZoneId { get; }
    public TimeZoneInfo TimeZone { get; }
    public TimeOnly Open { get; }
    public TimeOnly Close { get; }
    public TimeOnly Anchor { get; }

    /// <summary>True when the session crosses local midnight (open after close, like CME Globex).</summary>
    public bool SpansMidnight => Open > Close;

    /// <summary>The UTC nanoseconds of the latest session anchor at or before <paramref name="utcNanos"/>.</summary>
    public long SessionStart(long utcNanos)
    {
        var utc = UtcNanos.ToDateTime(utcNanos);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZone);
        var start = local.Date + Anchor.ToTimeSpan();
        if (start > local)
            start = start.AddDays(-1);
        return UtcNanos.FromDateTime(ToUtc(start));
    }

    /// <summary>True when local time is inside [open, close) (across midnight when the session spans it).</summary>
    public bool IsOpen(long utcNanos)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(UtcNanos.ToDateTime(utcNanos), TimeZone));
        return SpansMidnight ? local >= Open || local < Close : local >= Open && local < Close;
    }

    private DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // an anchor inside a spring-forward gap does not exist: take the first valid instant after it
        while (TimeZone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, TimeZone);
    }

    public override string ToString() => $"{Open:HH\\:mm}-{Close:HH\\:mm} {TimeZoneId} (anchor {Anchor:HH\\:mm})";
}
