using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// A three-bar imbalance: the gap between bar 1's high and bar 3's low (bullish) or bar 1's low and bar 3's
/// high (bearish). <see cref="FormedTime"/> is the middle bar's open time; an update with a new
/// <see cref="State"/> is sent when price fills or invalidates it. 48 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct FairValueGap : ICatalogMessage<FairValueGap>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public byte PricePrecision;
    public StructureDirection Direction;
    public ZoneState State;
    public byte Reserved;
    public int Reserved2;
    public long TopRaw;
    public long BottomRaw;
    public long FormedTime;

    public readonly Price Top => new(TopRaw, PricePrecision);
    public readonly Price Bottom => new(BottomRaw, PricePrecision);

    public static MessageType Type => MessageType.FairValueGap;

    public static void Visit<TVisitor>(ref FairValueGap m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.PricePrecision(ref m.PricePrecision);
        v.Enum("direction"u8, ref m.Direction, false);
        v.Enum("state"u8, ref m.State, false);
        v.Price("top"u8, ref m.TopRaw, ref yes, false, FieldRule.Positive);
        v.Price("bottom"u8, ref m.BottomRaw, ref yes, false, FieldRule.Positive);
        v.Time("formed_time"u8, ref m.FormedTime, ref yes, false);
    }
}
