using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>An SMA, EMA or WMA value (a double: the indicator cores compute in double, TA-Lib style). 32 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct MovingAverage : ICatalogMessage<MovingAverage>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public MovingAverageKind Kind;
    public byte Reserved;
    public ushort Period;
    public int Reserved2;
    public double Value;

    public static MessageType Type => MessageType.MovingAverage;

    public static void Visit<TVisitor>(ref MovingAverage m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.Enum("kind"u8, ref m.Kind, false);
        v.UInt16("period"u8, ref m.Period, ref yes, false);
        v.Double("value"u8, ref m.Value, FieldRule.Any);
    }
}
