namespace TradingEngine.Timescale.Queries;

/// <summary>One indicator output; the band columns are VWAP's (null for other indicators).</summary>
public sealed record IndicatorRow(long TimeNs, string Symbol, string Timeframe, string Node, string Indicator, int? Period, double Value,
    double? Upper1, double? Lower1, double? Upper2, double? Lower2);
