using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// Volume-weighted average price since <see cref="SessionStart"/> with ±1σ and ±2σ bands (σ the volume-weighted
/// standard deviation of price). Doubles, as computed. 64 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct Vwap : ICatalogMessage<Vwap>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public long SessionStart;
    public double Value;
    public double Upper1;
    public double Lower1;
    public double Upper2;
    public double Lower2;

    public static MessageType Type => MessageType.Vwap;

    public static void Visit<TVisitor>(ref Vwap m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.Time("session_start"u8, ref m.SessionStart, ref yes, false);
        v.Double("value"u8, ref m.Value, FieldRule.Any);
        v.Double("upper_1"u8, ref m.Upper1, FieldRule.Any);
        v.Double("lower_1"u8, ref m.Lower1, FieldRule.Any);
        v.Double("upper_2"u8, ref m.Upper2, FieldRule.Any);
        v.Double("lower_2"u8, ref m.Lower2, FieldRule.Any);
    }
}
