namespace TradingEngine.Types;

public partial struct GapEvent : ICatalogMessage<GapEvent>
{
    public static MessageType Type => MessageType.Gap;

    /// <summary>data: reason, lost_count.</summary>
    public static void Visit<TVisitor>(ref GapEvent m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.ReceiveTime(ref m.ReceiveTime);
        v.Enum("reason"u8, ref m.Reason, false);
        v.Int64("lost_count"u8, ref m.LostCount, FieldRule.NonNegative);
    }
}
