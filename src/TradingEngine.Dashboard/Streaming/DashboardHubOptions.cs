namespace TradingEngine.Dashboard.Streaming;

/// <summary>How much the dashboard keeps and how far a client may fall behind.</summary>
public sealed record DashboardHubOptions
{
    /// <summary>Closed candles kept per symbol and timeframe for the snapshot.</summary>
    public int CandlesPerSeries { get; init; } = 2000;

    /// <summary>Structure, signal, position and indicator outputs kept for the snapshot (the newest).</summary>
    public int OtherEvents { get; init; } = 50_000;

    /// <summary>Events kept for clients that resume after an id.</summary>
    public int History { get; init; } = 200_000;

    /// <summary>Events a client may have queued before forming candles are dropped (and others make it resync).</summary>
    public int ClientQueue { get; init; } = 65_536;
}
