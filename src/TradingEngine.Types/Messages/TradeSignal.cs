using System.Runtime.InteropServices;

namespace TradingEngine.Types;

/// <summary>
/// A strategy's decision: enter, exit or (re)place a stop, on a side, at a price, with a strategy-defined reason
/// code, the trigger codes of the inputs that decided it (<c>TriggerPorts</c> in Strategies: port and binding) and
/// the values the strategy read from those inputs at that event (<see cref="TriggerValues"/>: bounded, with their
/// total count in <c>trigger_inputs</c>). The node emitting it is <see cref="OutputMessage.NodeId"/>. 88 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct TradeSignal : ICatalogMessage<TradeSignal>
{
    public SymbolId Symbol;
    public Timeframe Timeframe;
    public long EventTime;
    public SignalAction Action;
    public PositionSide Side;
    public byte PricePrecision;
    public byte Reserved;
    public ushort ReasonCode;
    public ushort Reserved2;
    public long PriceRaw;
    public NodeIdList Triggers;
    public TriggerValues TriggerValues;

    public readonly Price Price => new(PriceRaw, PricePrecision);

    public static MessageType Type => MessageType.TradeSignal;

    public static void Visit<TVisitor>(ref TradeSignal m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.Timeframe(ref m.Timeframe);
        v.PricePrecision(ref m.PricePrecision);
        v.Enum("action"u8, ref m.Action, false);
        v.Enum("side"u8, ref m.Side, false);
        v.Price("price"u8, ref m.PriceRaw, ref yes, false, FieldRule.Positive);
        v.UInt16("reason_code"u8, ref m.ReasonCode, ref yes, false);
        v.NodeIds("triggers"u8, ref m.Triggers);
        v.TriggerValues("trigger_values"u8, ref m.TriggerValues);
        var inputs = m.TriggerValues.Inputs != 0;
        v.UInt16("trigger_inputs"u8, ref m.TriggerValues.Inputs, ref inputs, true);
    }
}
