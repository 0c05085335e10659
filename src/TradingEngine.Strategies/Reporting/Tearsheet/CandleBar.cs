namespace TradingEngine.Strategies.Reporting.Tearsheet;

/// <summary>One closed candle as the tearsheet draws it: open time (UTC ns) and prices and volume as doubles.</summary>
public readonly record struct CandleBar(long OpenTime, double Open, double High, double Low, double Close, double Volume);
