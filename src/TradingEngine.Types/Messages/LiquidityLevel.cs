using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// A price where stops rest (equal highs or lows touched <see cref="Touches"/> times); <see cref="State"/> becomes
/// <see cref="ZoneState.Filled"/> when price sweeps it. 40 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct LiquidityLevel : ICatalogMessage<LiquidityLevel>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public byte PricePrecision;
    public LiquiditySide Side;
    public ZoneState State;
    public byte Reserved;
    public int Touches;
    public long PriceRaw;
    public long FormedTime;

    public readonly Price Price => new(PriceRaw, PricePrecision);

    public static MessageType Type => MessageType.LiquidityLevel;

    public static void Visit<TVisitor>(ref LiquidityLevel m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.PricePrecision(ref m.PricePrecision);
        v.Enum("side"u8, ref m.Side, false);
        v.Enum("state"u8, ref m.State, false);
        v.Int32("touches"u8, ref m.Touches, FieldRule.NonNegative);
        v.Price("price"u8, ref m.PriceRaw, ref yes, false, FieldRule.Positive);
        v.Time("formed_time"u8, ref m.FormedTime, ref yes, false);
    }
}
