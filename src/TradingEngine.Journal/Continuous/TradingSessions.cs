using TradingEngine.Types;

namespace TradingEngine.Journal.Continuous;

/// <summary>
/// Puts event times into the root's trading sessions (<see cref="InstrumentSession.SessionStart"/>), cached so a run of
/// events of one session costs two comparisons. A session's trading date is the exchange-local date 12 hours after its
/// anchor: CME's 17:00 open belongs to the next day's date, an equity 09:30 open to its own.
/// </summary>
public sealed class TradingSessions
{
    // no session is shorter than this, so an event this close after a known start belongs to it
    private static readonly long ShortestSession = TimeSpan.FromHours(22).Ticks * 100;
    private readonly InstrumentSession _session;
    private long _start = long.MaxValue;

    public TradingSessions(InstrumentSession session) => _session = session;

    /// <summary>The start (UTC ns) of the session holding <paramref name="utcNanos"/>.</summary>
    public long StartOf(long utcNanos)
    {
        if (utcNanos >= _start && utcNanos - _start < ShortestSession)
            return _start;
        var start = _session.SessionStart(utcNanos);
        _start = start;
        return start;
    }

    /// <summary>The trading date of the session starting at <paramref name="sessionStart"/>.</summary>
    public DateOnly TradingDate(long sessionStart) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(UtcNanos.ToDateTime(sessionStart).AddHours(12), _session.TimeZone));
}
