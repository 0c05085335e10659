namespace TradingEngine.Types;

/// <summary>
/// The dated part of an exchange calendar: regular hours that change over the years, closed trade dates and early
/// closes (pipelines/calendars.yaml). Read off the hot path only (once per session boundary).
/// </summary>
public sealed class SessionSchedule
{
    private readonly SessionHours[] _hours;
    private readonly HashSet<DateOnly> _holidays;
    private readonly Dictionary<DateOnly, TimeSpan> _earlyCloses;

    public SessionSchedule(IReadOnlyList<SessionHours> hours, IEnumerable<DateOnly> holidays, IReadOnlyDictionary<DateOnly, TimeSpan> earlyCloses)
    {
        if (hours.Count == 0)
            throw new ArgumentException("a schedule needs at least one hours entry", nameof(hours));
        _hours = [.. hours.OrderBy(h => h.From)];
        _holidays = [.. holidays];
        _earlyCloses = new Dictionary<DateOnly, TimeSpan>(earlyCloses);
    }

    public IReadOnlyList<SessionHours> Hours => _hours;
    public IReadOnlyCollection<DateOnly> Holidays => _holidays;
    public IReadOnlyDictionary<DateOnly, TimeSpan> EarlyCloses => _earlyCloses;

    /// <summary>The regular hours in force on <paramref name="tradeDate"/> (the first entry's before it begins).</summary>
    public SessionHours HoursOn(DateOnly tradeDate)
    {
        var h = _hours[0];
        foreach (var e in _hours)
        {
            if (e.From > tradeDate)
                break;
            h = e;
        }
        return h;
    }

    /// <summary>
    /// The local open and close of the session of <paramref name="tradeDate"/>, or false when that date has none
    /// (a weekday without trading or a holiday).
    /// </summary>
    public bool TryGetSession(DateOnly tradeDate, out DateTime localOpen, out DateTime localClose)
    {
        var h = HoursOn(tradeDate);
        localOpen = localClose = default;
        if (!h.Trades(tradeDate.DayOfWeek) || _holidays.Contains(tradeDate))
            return false;
        var day = tradeDate.ToDateTime(TimeOnly.MinValue);
        localOpen = (h.Overnight ? day.AddDays(-1) : day) + h.Open;
        localClose = day + (_earlyCloses.TryGetValue(tradeDate, out var early) ? early : h.Close);
        return localClose > localOpen;
    }
}
