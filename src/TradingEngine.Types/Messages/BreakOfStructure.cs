using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// A close beyond a prior swing: <see cref="LevelRaw"/> is the swing's price, <see cref="BreakPriceRaw"/> the close
/// that broke it, <see cref="SwingTime"/> the swing's pivot time; <see cref="Kind"/> tells a continuation (BOS)
/// from a change of character (CHoCH). 48 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct BreakOfStructure : ICatalogMessage<BreakOfStructure>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public byte PricePrecision;
    public StructureDirection Direction;
    public BreakKind Kind;
    public byte Reserved;
    public int Reserved2;
    public long LevelRaw;
    public long BreakPriceRaw;
    public long SwingTime;

    public readonly Price Level => new(LevelRaw, PricePrecision);
    public readonly Price BreakPrice => new(BreakPriceRaw, PricePrecision);

    public static MessageType Type => MessageType.BreakOfStructure;

    public static void Visit<TVisitor>(ref BreakOfStructure m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.PricePrecision(ref m.PricePrecision);
        v.Enum("direction"u8, ref m.Direction, false);
        v.Enum("kind"u8, ref m.Kind, false);
        v.Price("level"u8, ref m.LevelRaw, ref yes, false, FieldRule.Positive);
        v.Price("break_price"u8, ref m.BreakPriceRaw, ref yes, false, FieldRule.Positive);
        v.Time("swing_time"u8, ref m.SwingTime, ref yes, false);
    }
}
