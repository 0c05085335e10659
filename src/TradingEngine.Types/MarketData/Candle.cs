using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// OHLCV bar. <see cref="OpenTime"/> is the bucket start (the bar's label here, whatever the vendor's
/// convention was: importers convert) and <see cref="CloseTime"/> its exclusive end, both UTC nanoseconds.
/// For tick-count, volume and range bars the close time is the event time of the last tick.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public partial struct Candle
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public byte PricePrecision;
    public byte SizePrecision;
    public CandleFlags Flags;
    public byte Reserved;
    public int TickCount;
    public long OpenTime;
    public long CloseTime;
    public long OpenRaw;
    public long HighRaw;
    public long LowRaw;
    public long CloseRaw;
    public long VolumeRaw;
    /// <summary>Event time of the last input folded into the candle.</summary>
    public long LastEventTime;
    public long ReceiveTime;

    public readonly Price Open => new(OpenRaw, PricePrecision);
    public readonly Price High => new(HighRaw, PricePrecision);
    public readonly Price Low => new(LowRaw, PricePrecision);
    public readonly Price Close => new(CloseRaw, PricePrecision);
    public readonly Quantity Volume => new(VolumeRaw, SizePrecision);
    public readonly bool IsClosed => (Flags & CandleFlags.Closed) != 0;

    /// <summary>Closed by the end of a replay's input (<see cref="CandleFlags.EndOfData"/>), not by its bucket's end.</summary>
    public readonly bool IsEndOfData => (Flags & CandleFlags.EndOfData) != 0;
}
