namespace TradingEngine.Dashboard.Streaming;

/// <summary>The hub's counters: outputs received, clients, forming candles dropped for slow clients, resyncs, rejected outputs, raw ticks.</summary>
public sealed record DashboardStats(long LastId, int Clients, long DroppedForming, long Resyncs, long Rejected, int ClientsBehind, TickPreviewStats Ticks);
