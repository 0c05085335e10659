namespace TradingEngine.Types;

/// <summary>
/// The live-mode check against far-future event times: an event stamped more than the allowed skew (default 5 s)
/// after the engine's wall clock at receipt is <see cref="RejectReason.FutureTimestamp"/>. The ingestion stage checks it
/// before the per-symbol order watermark (<see cref="RejectReason.TimestampOutOfOrder"/>), so such an event never moves
/// it: one tick stamped 2099 would otherwise make every later real tick look out of order.
/// <para>Only live ingestion runs it, against receive time. Replay does not need it: the journal holds only the events
/// that passed it when they arrived (the decision is stored by their presence), and a replay's wall clock says
/// nothing about a recorded session. Imported files are history, so the check would only compare them with today.</para>
/// </summary>
public static class ClockSkewGuard
{
    public static readonly TimeSpan DefaultMaxSkew = TimeSpan.FromSeconds(5);

    /// <summary>True when <paramref name="eventTime"/> is more than <paramref name="maxSkewNanos"/> after <paramref name="wallClock"/> (all UTC ns).</summary>
    public static bool IsAhead(long eventTime, long wallClock, long maxSkewNanos) => eventTime - wallClock > maxSkewNanos;

    /// <summary>The rejection detail (cold).</summary>
    public static string Describe(long eventTime, long wallClock, long maxSkewNanos) =>
        $"event time {UtcNanos.ToIso8601(eventTime)} is {(eventTime - wallClock) / (double)UtcNanos.PerSecond:0.###} s ahead of the engine clock {UtcNanos.ToIso8601(wallClock)} (max_clock_skew {maxSkewNanos / (double)UtcNanos.PerSecond:0.###} s)";
}
