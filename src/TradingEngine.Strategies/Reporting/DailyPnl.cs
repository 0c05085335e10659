namespace TradingEngine.Strategies.Reporting;

/// <summary>One UTC day of a strategy's P&amp;L: the trades that closed that day (<see cref="StrategyStats.Currency"/>).</summary>
/// <param name="Day">Days since 1970-01-01 (UTC).</param>
public sealed record DailyPnl(long Day, double Pnl)
{
    /// <summary>The day as yyyy-MM-dd.</summary>
    public string Date => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)Day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
