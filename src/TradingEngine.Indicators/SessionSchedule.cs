using System.Diagnostics.CodeAnalysis;

namespace TradingEngine.Indicators;

/// <summary>
/// A trading session that repeats every calendar day in one time zone: it opens at <see cref="Open"/> local
/// time and closes at <see cref="Close"/> (the next day when Close ≤ Open). Immutable and shared.
/// <para>
/// Presets: <see cref="UtcDay"/> (00:00–24:00 UTC), <see cref="CmeGlobex"/> (17:00 America/Chicago to 16:00
/// the next day: the CME halt 16:00–17:00 is outside every session), <see cref="UsEquityRegular"/>
/// (09:30–16:00 America/New_York). Time zones are IANA ids resolved by <see cref="TimeZoneInfo"/> (tzdata),
/// so daylight saving is followed. Converting to local time is not cheap, so the hot path never does it:
/// <see cref="SessionClock"/> asks <see cref="Locate"/> once per session and then only compares integers.
/// </para>
/// </summary>
public sealed class SessionSchedule
{
    private const long NanosPerTick = 100;

    public static SessionSchedule UtcDay { get; } = new("UTC", TimeSpan.Zero, TimeSpan.FromHours(24));

    public static SessionSchedule CmeGlobex { get; } = new("America/Chicago", TimeSpan.FromHours(17), TimeSpan.FromHours(16));

    public static SessionSchedule UsEquityRegular { get; } = new("America/New_York", new TimeSpan(9, 30, 0), TimeSpan.FromHours(16));

    public SessionSchedule(string timeZoneId, TimeSpan open, TimeSpan close)
    {
        if (open < TimeSpan.Zero || open >= TimeSpan.FromHours(24))
            Throw(nameof(open), open);
        if (close <= TimeSpan.Zero || close > TimeSpan.FromHours(24))
            Throw(nameof(close), close);
        TimeZoneId = timeZoneId;
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        Open = open;
        Close = close;
    }

    public string TimeZoneId { get; }

    public TimeZoneInfo TimeZone { get; }

    public TimeSpan Open { get; }

    public TimeSpan Close { get; }

    /// <summary>
    /// The session that contains <paramref name="utcNanos"/> (UTC nanoseconds since the Unix epoch), or, when
    /// the instant falls between two sessions, the next one (then <c>Start &gt; utcNanos</c>).
    /// </summary>
    public SessionWindow Locate(long utcNanos)
    {
        var utc = DateTime.UnixEpoch.AddTicks(utcNanos / NanosPerTick);
        var localDate = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZone).Date;
        for (var day = -1; day <= 1; day++)
        {
            var sessionDate = localDate.AddDays(day);
            var start = ToUtcNanos(sessionDate + Open);
            var end = ToUtcNanos(sessionDate + (Close <= Open ? Close + TimeSpan.FromDays(1) : Close));
            if (end > utcNanos)
                return new SessionWindow(start, end);
        }
        var next = localDate.AddDays(2);
        return new SessionWindow(ToUtcNanos(next + Open), ToUtcNanos(next + (Close <= Open ? Close + TimeSpan.FromDays(1) : Close)));
    }

    public override string ToString() => $"{Open:hh\\:mm}-{Close:hh\\:mm} {TimeZoneId}";

    private long ToUtcNanos(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (TimeZone.IsInvalidTime(local))
            local = local.AddHours(1); // a wall-clock time skipped by a DST jump: the session opens when the clock resumes
        var utc = TimeZoneInfo.ConvertTimeToUtc(local, TimeZone);
        return (utc.Ticks - DateTime.UnixEpoch.Ticks) * NanosPerTick;
    }

    [DoesNotReturn]
    private static void Throw(string name, TimeSpan value) =>
        throw new ArgumentOutOfRangeException(name, value, "session open must be in [00:00, 24:00) and close in (00:00, 24:00]");
}
