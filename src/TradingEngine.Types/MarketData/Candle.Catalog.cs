namespace TradingEngine.Types;

public partial struct Candle : ICatalogMessage<Candle>
{
    public static MessageType Type => MessageType.Candle;

    /// <summary>
    /// Envelope timestamp = <see cref="OpenTime"/> (the bar's label). data: open, high, low, close, volume,
    /// close_time, tick_count, last_event_time?, closed?, synthetic?, external?, end_of_data?.
    /// </summary>
    public static void Visit<TVisitor>(ref Candle m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.OpenTime);
        v.Timeframe(ref m.Timeframe);
        v.ReceiveTime(ref m.ReceiveTime);
        v.PricePrecision(ref m.PricePrecision);
        v.SizePrecision(ref m.SizePrecision);
        v.Price("open"u8, ref m.OpenRaw, ref yes, false, FieldRule.Positive);
        v.Price("high"u8, ref m.HighRaw, ref yes, false, FieldRule.Positive);
        v.Price("low"u8, ref m.LowRaw, ref yes, false, FieldRule.Positive);
        v.Price("close"u8, ref m.CloseRaw, ref yes, false, FieldRule.Positive);
        v.Size("volume"u8, ref m.VolumeRaw, ref yes, false, FieldRule.NonNegative);
        v.Time("close_time"u8, ref m.CloseTime, ref yes, false);
        v.Int32("tick_count"u8, ref m.TickCount, FieldRule.NonNegative);
        var hasLast = m.LastEventTime != 0;
        v.Time("last_event_time"u8, ref m.LastEventTime, ref hasLast, true);
        var closed = (m.Flags & CandleFlags.Closed) != 0;
        var synthetic = (m.Flags & CandleFlags.Synthetic) != 0;
        var external = (m.Flags & CandleFlags.External) != 0;
        var endOfData = (m.Flags & CandleFlags.EndOfData) != 0;
        v.Bool("closed"u8, ref closed, true);
        v.Bool("synthetic"u8, ref synthetic, true);
        v.Bool("external"u8, ref external, true);
        v.Bool("end_of_data"u8, ref endOfData, true);
        m.Flags = (closed ? CandleFlags.Closed : 0) | (synthetic ? CandleFlags.Synthetic : 0) | (external ? CandleFlags.External : 0)
            | (endOfData ? CandleFlags.EndOfData : 0);
    }

    public static RejectReason Validate(in Candle m, out string? error)
    {
        error = null;
        if (m.HighRaw < m.LowRaw)
            error = $"candle high {m.High} is below low {m.Low}";
        else if (m.OpenRaw > m.HighRaw || m.OpenRaw < m.LowRaw)
            error = $"candle open {m.Open} is outside [low {m.Low}, high {m.High}]";
        else if (m.CloseRaw > m.HighRaw || m.CloseRaw < m.LowRaw)
            error = $"candle close {m.Close} is outside [low {m.Low}, high {m.High}]";
        else if (m.CloseTime <= m.OpenTime)
            error = $"candle close_time {UtcNanos.ToIso8601(m.CloseTime)} is not after its open time {UtcNanos.ToIso8601(m.OpenTime)}";
        return error is null ? RejectReason.None : RejectReason.InvalidCandle;
    }
}
