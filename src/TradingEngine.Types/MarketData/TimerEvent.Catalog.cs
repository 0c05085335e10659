namespace TradingEngine.Types;

public partial struct TimerEvent : ICatalogMessage<TimerEvent>
{
    public static MessageType Type => MessageType.Timer;

    /// <summary>No data fields: the envelope's timestamp is the time reached.</summary>
    public static void Visit<TVisitor>(ref TimerEvent m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.ReceiveTime(ref m.ReceiveTime);
    }
}
