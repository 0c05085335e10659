using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// Risk of a planned or open trade: entry, stop and target (exact prices), the position size the risk budget
/// allows (exact), and the reward-to-risk multiple R = |target − entry| / |entry − stop| (a double). 64 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct RiskMetric : ICatalogMessage<RiskMetric>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public PositionSide Side;
    public byte PricePrecision;
    public byte SizePrecision;
    public byte Reserved;
    public int Reserved2;
    public long EntryRaw;
    public long StopRaw;
    public long TargetRaw;
    public long PositionSizeRaw;
    public double RMultiple;

    public readonly Price Entry => new(EntryRaw, PricePrecision);
    public readonly Price Stop => new(StopRaw, PricePrecision);
    public readonly Price Target => new(TargetRaw, PricePrecision);
    public readonly Quantity PositionSize => new(PositionSizeRaw, SizePrecision);

    public static MessageType Type => MessageType.RiskMetric;

    public static void Visit<TVisitor>(ref RiskMetric m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.PricePrecision(ref m.PricePrecision);
        v.SizePrecision(ref m.SizePrecision);
        v.Enum("side"u8, ref m.Side, false);
        v.Price("entry"u8, ref m.EntryRaw, ref yes, false, FieldRule.Positive);
        v.Price("stop"u8, ref m.StopRaw, ref yes, false, FieldRule.Positive);
        v.Price("target"u8, ref m.TargetRaw, ref yes, false, FieldRule.Positive);
        v.Size("position_size"u8, ref m.PositionSizeRaw, ref yes, false, FieldRule.NonNegative);
        v.Double("r_multiple"u8, ref m.RMultiple, FieldRule.NonNegative);
    }
}
