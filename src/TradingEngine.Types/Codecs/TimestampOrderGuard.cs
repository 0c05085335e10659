namespace TradingEngine.Types;

/// <summary>
/// The ingestion stage's order check: per symbol, an event may arrive up to <see cref="ToleranceNanos"/> earlier
/// than the latest event time seen (feeds interleave venues); further back it is rejected with
/// <see cref="RejectReason.TimestampOutOfOrder"/>. Single-threaded (one per ingestion thread); array-indexed by symbol id.
/// </summary>
internal sealed class TimestampOrderGuard
{
    private long[] _latest = new long[16];
    private bool[] _seen = new bool[16];

    public TimestampOrderGuard(long toleranceNanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(toleranceNanos);
        ToleranceNanos = toleranceNanos;
    }

    public long ToleranceNanos { get; }

    /// <summary>Checks and, when accepted, records <paramref name="eventTime"/>.</summary>
    public DecodeResult Check(SymbolId symbol, long eventTime, MessageType type = MessageType.None)
    {
        var i = symbol.Value;
        if (i >= _latest.Length)
        {
            var size = Math.Max(i + 1, _latest.Length * 2);
            Array.Resize(ref _latest, size);
            Array.Resize(ref _seen, size);
        }
        if (_seen[i])
        {
            var latest = _latest[i];
            if (eventTime < latest - ToleranceNanos)
                return Reject(symbol, eventTime, latest, type);
            if (eventTime > latest)
                _latest[i] = eventTime;
        }
        else
        {
            _seen[i] = true;
            _latest[i] = eventTime;
        }
        return DecodeResult.Success(type);
    }

    private DecodeResult Reject(SymbolId symbol, long eventTime, long latest, MessageType type) =>
        DecodeResult.Reject(RejectReason.TimestampOutOfOrder,
            $"timestamp {UtcNanos.ToIso8601(eventTime)} of symbol {symbol} is {(latest - eventTime) / 1e6:0.###} ms before the latest {UtcNanos.ToIso8601(latest)} (tolerance {ToleranceNanos / 1e6:0.###} ms)",
            type);
}
