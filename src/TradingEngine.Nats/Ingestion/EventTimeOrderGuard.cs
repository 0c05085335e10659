using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Rejects an input whose event time is older than the newest seen for its symbol and kind by more than the
/// tolerance. Small reorders pass (and the newest time is kept); a stale message would land in a candle that is
/// already closed. One guard per subscription loop: a symbol's subject is read by exactly one loop, so no locks.
/// </summary>
internal sealed class EventTimeOrderGuard
{
    private readonly long _toleranceNanos;
    private long[] _newest = new long[64 * 4];

    public EventTimeOrderGuard(TimeSpan tolerance) => _toleranceNanos = (long)(tolerance.TotalMilliseconds * UtcNanos.PerMillisecond);

    /// <summary>Checks and, when admitted, records <paramref name="eventTime"/> (<see cref="IsStale"/> then <see cref="Advance"/>).</summary>
    public bool Admit(SymbolId symbol, MarketEventKind kind, long eventTime, out long newest)
    {
        if (IsStale(symbol, kind, eventTime, out newest))
            return false;
        Advance(symbol, kind, eventTime);
        return true;
    }

    /// <summary>
    /// True when <paramref name="eventTime"/> is older than the newest of its symbol and kind by more than the
    /// tolerance. Records nothing: the stage runs its later checks (the trade's price band) before it moves the mark,
    /// so a message rejected for any reason leaves the watermark where it was.
    /// </summary>
    public bool IsStale(SymbolId symbol, MarketEventKind kind, long eventTime, out long newest)
    {
        var slot = symbol.Value * 4 + ((int)kind & 3);
        if ((uint)slot >= (uint)_newest.Length)
            Array.Resize(ref _newest, Math.Max(slot + 1, _newest.Length * 2));
        newest = _newest[slot];
        return newest != 0 && eventTime < newest - _toleranceNanos;
    }

    /// <summary>Records an admitted event time (after <see cref="IsStale"/> returned false for it).</summary>
    public void Advance(SymbolId symbol, MarketEventKind kind, long eventTime)
    {
        ref var newest = ref _newest[symbol.Value * 4 + ((int)kind & 3)];
        if (eventTime > newest)
            newest = eventTime;
    }

    /// <summary>
    /// The newest event time of every symbol seen (over all kinds). Read from another thread (the connection's
    /// event thread, on reconnect): a torn view only picks a slightly older time for a gap event.
    /// </summary>
    public void CollectNewest(Dictionary<SymbolId, long> into)
    {
        var newest = Volatile.Read(ref _newest);
        for (var slot = 0; slot < newest.Length; slot++)
        {
            var t = Volatile.Read(ref newest[slot]);
            if (t == 0)
                continue;
            var symbol = new SymbolId(slot / 4);
            if (!into.TryGetValue(symbol, out var known) || t > known)
                into[symbol] = t;
        }
    }
}
