namespace TradingEngine.Timescale.Sink;

/// <summary>
/// Where a record sits in its source: the source sequence (journal or JetStream sequence of the input that produced
/// it) and its ordinal among the records of that sequence (one tick can yield a candle, three indicators and a
/// signal, all with the tick's sequence). A batch can end between two of them; the ordinal lets the watermark say so,
/// and a replay, which re-emits the same outputs in the same order (the determinism contract), resumes exactly after it.
/// </summary>
public readonly record struct SinkPosition(long Sequence, int Ordinal) : IComparable<SinkPosition>
{
    /// <summary>Before every record: nothing of the symbol is committed.</summary>
    public static readonly SinkPosition None = new(long.MinValue, -1);

    public int CompareTo(SinkPosition other)
    {
        var c = Sequence.CompareTo(other.Sequence);
        return c != 0 ? c : Ordinal.CompareTo(other.Ordinal);
    }

    public static bool operator <(SinkPosition a, SinkPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(SinkPosition a, SinkPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(SinkPosition a, SinkPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SinkPosition a, SinkPosition b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Sequence}#{Ordinal}";
}
