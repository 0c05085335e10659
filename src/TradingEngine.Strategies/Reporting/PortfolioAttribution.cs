namespace TradingEngine.Strategies.Reporting;

/// <summary>What one strategy made on one symbol (<see cref="PortfolioReport"/>); <see cref="ShareOfNet"/> of the account's net P&amp;L, null when that is 0 or mixed.</summary>
public sealed record PortfolioAttribution(string Strategy, string Symbol, int Trades, double NetPnl, double? ShareOfNet);
