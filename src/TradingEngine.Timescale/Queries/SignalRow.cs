using TradingEngine.Types;

namespace TradingEngine.Timescale.Queries;

/// <summary>A trade signal (<c>Type</c> "signal") or a trade's risk (<c>Type</c> "risk") of one strategy node.</summary>
public sealed record SignalRow(long TimeNs, string Symbol, string Timeframe, string Strategy, string Type, string? Action, string Side,
    Price Price, Price? Stop, Price? Target, int? ReasonCode, IReadOnlyList<int> Triggers);
