using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>Relative strength index (Wilder), 0..100. A double, as computed. 32 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Rsi : ICatalogMessage<Rsi>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public ushort Period;
    public ushort Reserved;
    public int Reserved2;
    public double Value;

    public static MessageType Type => MessageType.Rsi;

    public static void Visit<TVisitor>(ref Rsi m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.UInt16("period"u8, ref m.Period, ref yes, false);
        v.Double("value"u8, ref m.Value, FieldRule.NonNegative);
    }
}
