namespace TradingEngine.Strategies.Reporting;

/// <summary>Exposure of the account to one symbol over a run (<see cref="PortfolioReport"/>); money in <see cref="Currency"/>.</summary>
/// <param name="TimeInMarket">Share of the run (0..1) with a position open on the symbol by any strategy.</param>
/// <param name="MaxNotional">Largest |quantity| × entry price × point value of a trade; null without a registry entry.</param>
public sealed record PortfolioSymbol(string Symbol, string Currency, double? PointValue, int Trades, double NetPnl, double TimeInMarket, double? MaxNotional);
