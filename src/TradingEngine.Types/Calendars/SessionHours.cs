namespace TradingEngine.Types;

/// <summary>
/// Regular hours of a calendar from one trade date on (<c>hours:</c> in pipelines/calendars.yaml): open and close local
/// times (overnight when <see cref="Close"/> ≤ <see cref="Open"/>: the session opens the day before its trade date) and
/// the trade-date weekdays that have a session.
/// </summary>
public readonly record struct SessionHours(DateOnly From, TimeSpan Open, TimeSpan Close, byte TradeDays)
{
    public bool Overnight => Close <= Open;

    public bool Trades(DayOfWeek day) => (TradeDays & (1 << (int)day)) != 0;
}
