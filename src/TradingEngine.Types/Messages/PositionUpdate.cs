using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// A position after a fill or a mark: side (flat/long/short), quantity (exact, ≥ 0; the side gives the sign),
/// the last mark price (exact; 0 = none, omitted from JSON), and the average entry price and realized/unrealized PnL in the instrument's
/// currency (doubles: an average of fills and a money amount times a point value are not exact at the
/// instrument's precision anyway). 64 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct PositionUpdate : ICatalogMessage<PositionUpdate>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public PositionSide Side;
    public byte PricePrecision;
    public byte SizePrecision;
    public byte Reserved;
    public int Reserved2;
    public long QuantityRaw;
    public long MarkPriceRaw;
    public double AveragePrice;
    public double RealizedPnl;
    public double UnrealizedPnl;

    public readonly Quantity Quantity => new(QuantityRaw, SizePrecision);
    public readonly Price MarkPrice => new(MarkPriceRaw, PricePrecision);

    public static MessageType Type => MessageType.PositionUpdate;

    public static void Visit<TVisitor>(ref PositionUpdate m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.PricePrecision(ref m.PricePrecision);
        v.SizePrecision(ref m.SizePrecision);
        v.Enum("side"u8, ref m.Side, false);
        v.Size("quantity"u8, ref m.QuantityRaw, ref yes, false, FieldRule.NonNegative);
        var hasMark = m.MarkPriceRaw != 0;
        v.Price("mark_price"u8, ref m.MarkPriceRaw, ref hasMark, true, FieldRule.Positive);
        v.Double("average_price"u8, ref m.AveragePrice, FieldRule.NonNegative);
        v.Double("realized_pnl"u8, ref m.RealizedPnl, FieldRule.Any);
        v.Double("unrealized_pnl"u8, ref m.UnrealizedPnl, FieldRule.Any);
    }
}
