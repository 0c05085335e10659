using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// Summary of a session's volume-at-price: point of control, value-area high and low (the band holding
/// <see cref="ValueAreaBasisPoints"/>/100 % of the volume, 7000 = 70 %), total volume, number of price levels and the
/// session start. The ladder itself stays in the indicator (a ring slot cannot hold it); 64 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct VolumeProfile : ICatalogMessage<VolumeProfile>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public byte PricePrecision;
    public byte SizePrecision;
    public ushort ValueAreaBasisPoints;
    public int LevelCount;
    public long PocRaw;
    public long VahRaw;
    public long ValRaw;
    public long TotalVolumeRaw;
    public long SessionStart;

    public readonly Price Poc => new(PocRaw, PricePrecision);
    public readonly Price Vah => new(VahRaw, PricePrecision);
    public readonly Price Val => new(ValRaw, PricePrecision);
    public readonly Quantity TotalVolume => new(TotalVolumeRaw, SizePrecision);

    public static MessageType Type => MessageType.VolumeProfile;

    public static void Visit<TVisitor>(ref VolumeProfile m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.PricePrecision(ref m.PricePrecision);
        v.SizePrecision(ref m.SizePrecision);
        v.UInt16("value_area_bp"u8, ref m.ValueAreaBasisPoints, ref yes, false);
        v.Int32("level_count"u8, ref m.LevelCount, FieldRule.NonNegative);
        v.Price("poc"u8, ref m.PocRaw, ref yes, false, FieldRule.Positive);
        v.Price("vah"u8, ref m.VahRaw, ref yes, false, FieldRule.Positive);
        v.Price("val"u8, ref m.ValRaw, ref yes, false, FieldRule.Positive);
        v.Size("total_volume"u8, ref m.TotalVolumeRaw, ref yes, false, FieldRule.NonNegative);
        v.Time("session_start"u8, ref m.SessionStart, ref yes, false);
    }
}
