using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>Aggressive buy and sell volume of one bar (open time <see cref="BarTime"/>); delta = buy − sell. 48 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct DeltaVolume : ICatalogMessage<DeltaVolume>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public byte SizePrecision;
    public byte Reserved;
    public ushort Reserved2;
    public int Reserved3;
    public long BuyVolumeRaw;
    public long SellVolumeRaw;
    public long BarTime;

    public readonly Quantity BuyVolume => new(BuyVolumeRaw, SizePrecision);
    public readonly Quantity SellVolume => new(SellVolumeRaw, SizePrecision);
    /// <summary>buy − sell in raw size units (may be negative).</summary>
    public readonly long DeltaRaw => BuyVolumeRaw - SellVolumeRaw;

    public static MessageType Type => MessageType.DeltaVolume;

    public static void Visit<TVisitor>(ref DeltaVolume m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.SizePrecision(ref m.SizePrecision);
        v.Size("buy_volume"u8, ref m.BuyVolumeRaw, ref yes, false, FieldRule.NonNegative);
        v.Size("sell_volume"u8, ref m.SellVolumeRaw, ref yes, false, FieldRule.NonNegative);
        v.Time("bar_time"u8, ref m.BarTime, ref yes, false);
    }
}
