using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>Running buy − sell volume since <see cref="SessionStart"/> (signed, exact). 40 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CumulativeDelta : ICatalogMessage<CumulativeDelta>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public byte SizePrecision;
    public byte Reserved;
    public ushort Reserved2;
    public int Reserved3;
    public long ValueRaw;
    public long SessionStart;

    public readonly Quantity Value => new(ValueRaw, SizePrecision);

    public static MessageType Type => MessageType.CumulativeDelta;

    public static void Visit<TVisitor>(ref CumulativeDelta m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.SizePrecision(ref m.SizePrecision);
        v.Size("value"u8, ref m.ValueRaw, ref yes, false, FieldRule.Any);
        v.Time("session_start"u8, ref m.SessionStart, ref yes, false);
    }
}
