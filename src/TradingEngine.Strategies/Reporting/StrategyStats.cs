namespace TradingEngine.Strategies.Reporting;

/// <summary>
/// The figures of one strategy over a run (docs/strategies.md §10). <see cref="ProfitFactor"/> is null without
/// losing trades; <see cref="Sharpe"/> is null with fewer than two days or zero deviation.
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
    int Days);
