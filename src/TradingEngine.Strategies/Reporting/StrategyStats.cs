namespace TradingEngine.Strategies.Reporting;

/// <summary>
/// The figures of one strategy over a run (docs/strategies.md §10). Money is in <see cref="Currency"/> (the traded
/// instruments' currency, P&amp;L as the strategy's fills computed it through its point value). <see cref="ProfitFactor"/>
/// is null without losing trades; <see cref="Sharpe"/> and <see cref="Sortino"/> are annualised (× √252) and null below
/// <see cref="BacktestReport.MinDaysForRatios"/> trading days (too few daily returns to mean anything) or with zero
/// deviation.
/// </summary>
public sealed record StrategyStats(
    string Strategy,
    int NodeId,
    int Trades,
    int Wins,
    int Losses,
    double WinRate,
    double GrossProfit,
    double GrossLoss,
    double? ProfitFactor,
    double Expectancy,
    double NetPnl,
    double MaxDrawdown,
    double? Sharpe,
    int Days)
{
    /// <summary>ISO 4217 code of the P&amp;L, from the instruments traded; "mixed" across currencies, "?" when no registry was given.</summary>
    public string Currency { get; init; } = "?";

    /// <summary>Mean daily P&amp;L over the downside deviation (target 0, over all days) × √252; null like <see cref="Sharpe"/>.</summary>
    public double? Sortino { get; init; }

    /// <summary>Longest time closed-trade equity spent below a previous peak (peak to recovery, or to the run's end), in ns.</summary>
    public long MaxDrawdownDurationNanos { get; init; }

    /// <summary>Share of the run's time span with a position open on at least one symbol (0..1).</summary>
    public double Exposure { get; init; }

    /// <summary>P&amp;L of the trades that closed on each UTC day of the run, in the run's day order (a day without a closed trade is 0).</summary>
    public IReadOnlyList<DailyPnl> Daily { get; init; } = [];
}
