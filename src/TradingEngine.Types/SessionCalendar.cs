namespace TradingEngine.Types;

/// <summary>
/// Where time bars start. <see cref="Utc"/>: buckets are multiples of the timeframe since the Unix epoch (weeks since
/// Monday 1970-01-05), so they never depend on a zone. A session calendar: one session opens every listed weekday
/// at <see cref="Open"/> local time in <see cref="TimeZone"/> (DST included: the open is converted with the zone's
/// rules of that date) and ends at <see cref="Close"/> local time (the next day when Close ≤ Open, CME-style), or at
/// the next session's open when there is no close. Inside a session, bucket k is
/// <c>[open + k·tf, min(open + (k+1)·tf, close))</c>: bars start at the open and the last one is cut short at the
/// close, so no bar spans a close (1h bars from 09:30 end with 15:30–16:00). Inputs between a close and the next
/// open belong to no bucket. The exchange calendars (<c>SessionCalendar.Preset</c>, from TradingEngine.Configuration: cme_globex, cme_metals, cme_fx, us_equity,
/// us_equity_extended) carry a <see cref="SessionSchedule"/> from pipelines/calendars.yaml: hours that change over
/// the years, holidays (no session) and early closes; an explicit zone/open/close calendar has none.
/// Sessions are computed off the hot path (once per session boundary) and cached by the aggregator and by the
/// indicators' SessionClock: the one session type of the engine (candle aggregation, runtime, session-anchored indicators).
/// </summary>
public sealed class SessionCalendar
{
    private readonly byte _openDays;

    private SessionCalendar(TimeZoneInfo? zone, TimeSpan open, TimeSpan? close, byte openDays, string name, SessionSchedule? schedule = null)
    {
        TimeZone = zone;
        Open = open;
        Close = close;
        _openDays = openDays;
        Name = name;
        Schedule = schedule;
    }

    /// <summary>UTC alignment, no sessions.</summary>
    public static SessionCalendar Utc { get; } = new(null, TimeSpan.Zero, null, 0x7F, "UTC");

    // The named exchange calendars (CmeGlobex, UsEquityRegular, Preset(name), PresetNames) are read from
    // pipelines/calendars.yaml by TradingEngine.Configuration (SessionCalendarPresets), which adds them to this type.

    /// <summary>Holidays, early closes and dated hours (exchange calendars); null for UTC and explicit calendars.</summary>
    public SessionSchedule? Schedule { get; }

    /// <summary>An exchange calendar: sessions come from <paramref name="schedule"/>, in <paramref name="timeZoneId"/>.</summary>
    public static SessionCalendar Create(string name, string timeZoneId, SessionSchedule schedule)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var first = schedule.Hours[0];
        return new SessionCalendar(zone, first.Open, first.Close, 0x7F, name, schedule);
    }

    public TimeZoneInfo? TimeZone { get; }

    /// <summary>Local time of day the session opens (the anchor of every bucket).</summary>
    public TimeSpan Open { get; }

    /// <summary>Local time of day the session closes; the next day when ≤ <see cref="Open"/>; null: at the next open.</summary>
    public TimeSpan? Close { get; }

    public string Name { get; }

    public bool IsUtc => TimeZone is null;

    public bool OpensOn(DayOfWeek day) => (_openDays & (1 << (int)day)) != 0;

    /// <summary>A calendar in an IANA zone (e.g. America/Chicago). No days listed: a session opens every day.</summary>
    public static SessionCalendar Create(string timeZoneId, TimeSpan open, TimeSpan? close, params ReadOnlySpan<DayOfWeek> openDays)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        if (open < TimeSpan.Zero || open >= TimeSpan.FromDays(1))
            throw new ArgumentException($"session open {open} is not a time of day", nameof(open));
        if (close is { } c && (c < TimeSpan.Zero || c >= TimeSpan.FromDays(1)))
            throw new ArgumentException($"session close {c} is not a time of day", nameof(close));
        byte mask = 0;
        foreach (var d in openDays)
            mask |= (byte)(1 << (int)d);
        if (mask == 0)
            mask = 0x7F;
        var name = close is { } cl ? $"{timeZoneId} {open:hh\\:mm}-{cl:hh\\:mm}" : $"{timeZoneId} {open:hh\\:mm}";
        return new SessionCalendar(zone, open, close, mask, name);
    }

    /// <summary>
    /// The session that contains <paramref name="time"/> (open ≤ time &lt; close), or else the first session that opens
    /// after it. UTC nanoseconds. Not for <see cref="Utc"/>.
    /// </summary>
    public void Locate(long time, out long open, out long close)
    {
        var zone = TimeZone ?? throw new InvalidOperationException("the UTC calendar has no sessions");
        var local = TimeZoneInfo.ConvertTimeFromUtc(UtcNanos.ToDateTime(time), zone).Date;
        if (Schedule is { } schedule)
        {
            LocateScheduled(schedule, zone, DateOnly.FromDateTime(local), time, out open, out close);
            return;
        }
        // the containing session opened today or on an earlier day (a session is at most a week long with open days only)
        for (var back = 0; back <= 7; back++)
        {
            var day = local.AddDays(-back);
            if (!OpensOn(day.DayOfWeek))
                continue;
            var o = OpenUtc(zone, day);
            if (o > time)
                continue;
            var c = CloseUtc(zone, day);
            if (time < c)
            {
                open = o;
                close = c;
                return;
            }
            break;
        }
        for (var ahead = 0; ahead <= 8; ahead++)
        {
            var day = local.AddDays(ahead);
            if (!OpensOn(day.DayOfWeek))
                continue;
            var o = OpenUtc(zone, day);
            if (o > time)
            {
                open = o;
                close = CloseUtc(zone, day);
                return;
            }
        }
        throw new InvalidOperationException($"calendar {Name} has no session after {UtcNanos.ToIso8601(time)}");
    }

    public override string ToString() => Name;

    // Sessions are ordered by trade date and never overlap, so the first one (from the day before today's local date)
    // that closes after the instant either contains it or is the next to open.
    private void LocateScheduled(SessionSchedule schedule, TimeZoneInfo zone, DateOnly localDate, long time, out long open, out long close)
    {
        for (var d = localDate.AddDays(-1); d <= localDate.AddDays(21); d = d.AddDays(1))
        {
            if (!schedule.TryGetSession(d, out var localOpen, out var localClose))
                continue;
            var c = ToUtc(zone, localClose);
            if (time < c)
            {
                open = ToUtc(zone, localOpen);
                close = c;
                return;
            }
        }
        throw new InvalidOperationException($"calendar {Name} has no session in the three weeks after {UtcNanos.ToIso8601(time)}");
    }

    private long OpenUtc(TimeZoneInfo zone, DateTime localDate) => ToUtc(zone, localDate + Open);

    private long CloseUtc(TimeZoneInfo zone, DateTime localDate)
    {
        if (Close is { } c)
            return ToUtc(zone, c <= Open ? localDate.AddDays(1) + c : localDate + c);
        for (var ahead = 1; ahead <= 7; ahead++)
        {
            var day = localDate.AddDays(ahead);
            if (OpensOn(day.DayOfWeek))
                return OpenUtc(zone, day);
        }
        return OpenUtc(zone, localDate.AddDays(7));
    }

    private static long ToUtc(TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // a wall time skipped by a spring-forward change does not exist: the session starts when the clock resumes
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        return UtcNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(local, zone));
    }
}
