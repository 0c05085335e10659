using TradingEngine.Types;

namespace TradingEngine.Timescale.Queries;

/// <summary>A stored (or rolled-up) bar with exact prices; <see cref="OpenTimeNs"/> is the bar's or bucket's start.</summary>
public sealed record CandleRow(string Symbol, string Timeframe, long OpenTimeNs, Price Open, Price High, Price Low, Price Close,
    Quantity Volume, long TickCount);
