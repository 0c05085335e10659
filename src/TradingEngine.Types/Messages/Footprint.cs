using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// Summary of one bar's footprint (bid × ask volume at each price). The per-level ladder lives in the footprint
/// indicator's state and is not a ring message; this carries what consumers act on: level count, POC, delta,
/// total volume, diagonal imbalance counts (buy, sell, longest stacked run) and the strongest imbalance (price and
/// ratio, a double because it is a quotient). 80 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct Footprint : ICatalogMessage<Footprint>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public byte PricePrecision;
    public byte SizePrecision;
    public ushort BuyImbalances;
    public ushort SellImbalances;
    public ushort MaxStackedImbalances;
    public int LevelCount;
    public int Reserved;
    public long BarTime;
    public long PocRaw;
    public long MaxImbalancePriceRaw;
    public double MaxImbalanceRatio;
    public long DeltaRaw;
    public long TotalVolumeRaw;

    public readonly Price Poc => new(PocRaw, PricePrecision);
    public readonly Price MaxImbalancePrice => new(MaxImbalancePriceRaw, PricePrecision);
    public readonly Quantity TotalVolume => new(TotalVolumeRaw, SizePrecision);

    public static MessageType Type => MessageType.Footprint;

    public static void Visit<TVisitor>(ref Footprint m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.PricePrecision(ref m.PricePrecision);
        v.SizePrecision(ref m.SizePrecision);
        v.Time("bar_time"u8, ref m.BarTime, ref yes, false);
        v.Int32("level_count"u8, ref m.LevelCount, FieldRule.NonNegative);
        v.Price("poc"u8, ref m.PocRaw, ref yes, false, FieldRule.Positive);
        v.Size("delta"u8, ref m.DeltaRaw, ref yes, false, FieldRule.Any);
        v.Size("total_volume"u8, ref m.TotalVolumeRaw, ref yes, false, FieldRule.NonNegative);
        v.UInt16("buy_imbalances"u8, ref m.BuyImbalances, ref yes, false);
        v.UInt16("sell_imbalances"u8, ref m.SellImbalances, ref yes, false);
        v.UInt16("max_stacked_imbalances"u8, ref m.MaxStackedImbalances, ref yes, false);
        var hasMax = m.MaxImbalancePriceRaw != 0;
        v.Price("max_imbalance_price"u8, ref m.MaxImbalancePriceRaw, ref hasMax, true, FieldRule.Positive);
        v.Double("max_imbalance_ratio"u8, ref m.MaxImbalanceRatio, FieldRule.NonNegative);
    }
}
