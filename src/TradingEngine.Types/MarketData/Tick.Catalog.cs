namespace TradingEngine.Types;

public partial struct Tick : ICatalogMessage<Tick>
{
    public static MessageType Type => MessageType.Tick;

    /// <summary>
    /// data: price, size, bid?, ask?, aggressor?, venue?, conditions?, suspicious?, flagged?
    /// (binary: every field, absent ones as 0; the flags byte carries presence).
    /// </summary>
    public static void Visit<TVisitor>(ref Tick m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        var yes = true;
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.ReceiveTime(ref m.ReceiveTime);
        v.PricePrecision(ref m.PricePrecision);
        v.SizePrecision(ref m.SizePrecision);
        v.Price("price"u8, ref m.PriceRaw, ref yes, false, FieldRule.Positive);
        v.Size("size"u8, ref m.SizeRaw, ref yes, false, FieldRule.NonNegative);
        var hasBid = (m.Flags & TickFlags.HasBid) != 0;
        var hasAsk = (m.Flags & TickFlags.HasAsk) != 0;
        v.Price("bid"u8, ref m.BidRaw, ref hasBid, true, FieldRule.Positive);
        v.Price("ask"u8, ref m.AskRaw, ref hasAsk, true, FieldRule.Positive);
        v.Enum("aggressor"u8, ref m.Side, true);
        v.Venue("venue"u8, ref m.Venue);
        var hasConditions = m.Conditions != 0;
        v.UInt32("conditions"u8, ref m.Conditions, ref hasConditions, true);
        var suspicious = (m.Flags & TickFlags.Suspicious) != 0;
        var flagged = (m.Flags & TickFlags.Flagged) != 0;
        v.Bool("suspicious"u8, ref suspicious, true);
        v.Bool("flagged"u8, ref flagged, true);
        m.Flags = (hasBid ? TickFlags.HasBid : 0) | (hasAsk ? TickFlags.HasAsk : 0)
                  | (suspicious ? TickFlags.Suspicious : 0) | (flagged ? TickFlags.Flagged : 0);
    }
}
