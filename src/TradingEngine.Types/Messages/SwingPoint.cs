using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// A confirmed swing high or low: the pivot bar's extreme exceeds the <see cref="Strength"/> bars on each side.
/// <see cref="EventTime"/> is when it was confirmed (close of the last right-hand bar), <see cref="PivotTime"/> the
/// pivot bar's open time. 40 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct SwingPoint : ICatalogMessage<SwingPoint>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public byte PricePrecision;
    public SwingSide Side;
    /// <summary>Bars on each side of the pivot.</summary>
    public ushort Strength;
    /// <summary>Against the previous swing of the same side (added in the 4 padding bytes: the size stays 40).</summary>
    public SwingClassification Classification;
    public long PriceRaw;
    public long PivotTime;

    public readonly Price Price => new(PriceRaw, PricePrecision);

    public static MessageType Type => MessageType.SwingPoint;

    public static void Visit<TVisitor>(ref SwingPoint m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.PricePrecision(ref m.PricePrecision);
        v.Enum("side"u8, ref m.Side, false);
        v.UInt16("strength"u8, ref m.Strength, ref yes, false);
        v.Price("price"u8, ref m.PriceRaw, ref yes, false, FieldRule.Positive);
        v.Time("pivot_time"u8, ref m.PivotTime, ref yes, false);
        v.Enum("classification"u8, ref m.Classification, true);
    }
}
