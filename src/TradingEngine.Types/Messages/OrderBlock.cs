using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// The last opposite candle before a displacement that broke structure: its range [<see cref="BottomRaw"/>,
/// <see cref="TopRaw"/>] and volume. <see cref="OriginTime"/> is that candle's open time. 56 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct OrderBlock : ICatalogMessage<OrderBlock>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public byte PricePrecision;
    public byte SizePrecision;
    public StructureDirection Direction;
    public ZoneState State;
    public int Reserved;
    public long TopRaw;
    public long BottomRaw;
    public long OriginTime;
    public long VolumeRaw;

    public readonly Price Top => new(TopRaw, PricePrecision);
    public readonly Price Bottom => new(BottomRaw, PricePrecision);
    public readonly Quantity Volume => new(VolumeRaw, SizePrecision);

    public static MessageType Type => MessageType.OrderBlock;

    public static void Visit<TVisitor>(ref OrderBlock m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.PricePrecision(ref m.PricePrecision);
        v.SizePrecision(ref m.SizePrecision);
        v.Enum("direction"u8, ref m.Direction, false);
        v.Enum("state"u8, ref m.State, false);
        v.Price("top"u8, ref m.TopRaw, ref yes, false, FieldRule.Positive);
        v.Price("bottom"u8, ref m.BottomRaw, ref yes, false, FieldRule.Positive);
        v.Time("origin_time"u8, ref m.OriginTime, ref yes, false);
        v.Size("volume"u8, ref m.VolumeRaw, ref yes, false, FieldRule.NonNegative);
    }
}
