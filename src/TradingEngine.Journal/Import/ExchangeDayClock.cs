namespace TradingEngine.Journal.Import;

/// <summary>
/// Turns "time since midnight of the file's date" in an exchange time zone into UTC nanoseconds. Vendors such as
/// Lean write wall-clock offsets from local midnight, so the offset to UTC is the zone's offset at that wall-clock
/// time: constant on ordinary days (one addition per row), looked up per row only on a daylight-saving switch day.
/// </summary>
internal sealed class ExchangeDayClock
{
    private const long TicksAtEpoch = 621_355_968_000_000_000L;

    private readonly TimeZoneInfo _zone;
    private readonly DateTime _localMidnight;
    private readonly long _midnightUtcNanos;
    private readonly bool _fixedOffset;

    public ExchangeDayClock(DateOnly date, TimeZoneInfo zone)
    {
        _zone = zone;
        Date = date;
        _localMidnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var atMidnight = zone.GetUtcOffset(_localMidnight);
        var atEnd = zone.GetUtcOffset(_localMidnight.AddDays(1).AddTicks(-1));
        _fixedOffset = atMidnight == atEnd;
        _midnightUtcNanos = (_localMidnight.Ticks - atMidnight.Ticks - TicksAtEpoch) * 100;
    }

    public DateOnly Date { get; }

    public TimeZoneInfo Zone => _zone;

    /// <summary>America/New_York (IANA id; InvariantGlobalization keeps IANA ids working on every OS we run).</summary>
    public static TimeZoneInfo NewYork { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static ExchangeDayClock Utc(DateOnly date) => new(date, TimeZoneInfo.Utc);

    /// <summary>UTC nanoseconds of the wall-clock time <paramref name="nanosSinceMidnight"/> after local midnight.</summary>
    public long ToUtcNanos(long nanosSinceMidnight) =>
        _fixedOffset ? _midnightUtcNanos + nanosSinceMidnight : ToUtcNanosOnSwitchDay(nanosSinceMidnight);

    private long ToUtcNanosOnSwitchDay(long nanosSinceMidnight)
    {
        var ticks = nanosSinceMidnight / 100;
        var local = _localMidnight.AddTicks(ticks);
        var offset = _zone.GetUtcOffset(local);
        return (local.Ticks - offset.Ticks - TicksAtEpoch) * 100 + (nanosSinceMidnight - ticks * 100);
    }
}
