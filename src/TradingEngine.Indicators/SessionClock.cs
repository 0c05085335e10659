using System.Runtime.CompilerServices;
using SessionCalendar = TradingEngine.Types.SessionCalendar;

namespace TradingEngine.Indicators;

/// <summary>
/// Tracks which session an event-time stream is in, for the session-anchored cores. Sessions are those of the
/// engine's <see cref="SessionCalendar"/> (the one the candle aggregation uses, so a session VWAP and the
/// pipeline's 1d candle agree on where a day starts); <see cref="SessionCalendar.Utc"/> means UTC days. The hot
/// path is two integer comparisons; the time-zone work (<see cref="SessionCalendar.Locate"/>) runs only when an
/// event crosses the current session's end. Event time must not go backwards (the engine guarantees per-symbol order).
/// </summary>
internal struct SessionClock
{
    private const long NanosPerDay = 86_400L * 1_000_000_000L;

    private SessionCalendar _calendar;
    private SessionWindow _window;
    private bool _entered;

    public static SessionClock Create(SessionCalendar calendar) => new() { _calendar = calendar };

    public readonly SessionCalendar Calendar => _calendar;

    /// <summary>The current (or next, when between sessions) session window; default before the first event.</summary>
    public readonly SessionWindow Window => _window;

    /// <summary>
    /// The session of <paramref name="calendar"/> containing <paramref name="utcNanos"/>, or the next one when the
    /// instant falls between sessions (then <c>Start &gt; utcNanos</c>); the UTC day for <see cref="SessionCalendar.Utc"/>.
    /// </summary>
    public static SessionWindow Locate(SessionCalendar calendar, long utcNanos)
    {
        if (calendar.IsUtc)
        {
            var day = utcNanos - (((utcNanos % NanosPerDay) + NanosPerDay) % NanosPerDay);
            return new SessionWindow(day, day + NanosPerDay);
        }
        calendar.Locate(utcNanos, out var open, out var close);
        return new SessionWindow(open, close);
    }

    /// <summary>
    /// Moves the clock to <paramref name="utcNanos"/>. Returns <see cref="SessionStep.Same"/> inside the current
    /// session, <see cref="SessionStep.NewSession"/> on the first event of a session (state must reset), and
    /// <see cref="SessionStep.Outside"/> between sessions (the event belongs to no session).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SessionStep Advance(long utcNanos)
    {
        if (utcNanos < _window.End)
        {
            if (utcNanos < _window.Start)
                return SessionStep.Outside;
            if (_entered)
                return SessionStep.Same;
            _entered = true;
            return SessionStep.NewSession;
        }
        return Roll(utcNanos);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private SessionStep Roll(long utcNanos)
    {
        _window = Locate(_calendar, utcNanos);
        _entered = utcNanos >= _window.Start;
        return _entered ? SessionStep.NewSession : SessionStep.Outside;
    }

    /// <summary>Forgets the current session: the next event starts a new one.</summary>
    public void Reset()
    {
        _window = default;
        _entered = false;
    }

    internal readonly void Write(Span<byte> destination, ref int offset)
    {
        SnapshotFormat.WriteInt64(destination, ref offset, _window.Start);
        SnapshotFormat.WriteInt64(destination, ref offset, _window.End);
        destination[offset++] = _entered ? (byte)1 : (byte)0;
    }

    internal void Read(ReadOnlySpan<byte> source, ref int offset)
    {
        var start = SnapshotFormat.ReadInt64(source, ref offset);
        var end = SnapshotFormat.ReadInt64(source, ref offset);
        _window = new SessionWindow(start, end);
        _entered = source[offset++] != 0;
    }

    internal const int SnapshotBytes = 17;
}
