namespace TradingEngine.Types;

public partial struct Quote : ICatalogMessage<Quote>
{
    public static MessageType Type => MessageType.Quote;

    /// <summary>data: bid?, bid_size?, ask?, ask_size? (a side is present when its price is), venue?, conditions?, suspicious?, flagged?.</summary>
    public static void Visit<TVisitor>(ref Quote m, ref TVisitor v) where TVisitor : IFieldVisitor, allows ref struct
    {
        v.Symbol(ref m.Symbol);
        v.EventTime(ref m.EventTime);
        v.ReceiveTime(ref m.ReceiveTime);
        v.PricePrecision(ref m.PricePrecision);
        v.SizePrecision(ref m.SizePrecision);
        var hasBid = m.HasBid;
        var hasAsk = m.HasAsk;
        v.Price("bid"u8, ref m.BidRaw, ref hasBid, true, FieldRule.Positive);
        v.Size("bid_size"u8, ref m.BidSizeRaw, ref hasBid, true, FieldRule.NonNegative);
        v.Price("ask"u8, ref m.AskRaw, ref hasAsk, true, FieldRule.Positive);
        v.Size("ask_size"u8, ref m.AskSizeRaw, ref hasAsk, true, FieldRule.NonNegative);
        v.Venue("venue"u8, ref m.Venue);
        var hasConditions = m.Conditions != 0;
        v.UInt32("conditions"u8, ref m.Conditions, ref hasConditions, true);
        var suspicious = (m.Flags & QuoteFlags.Suspicious) != 0;
        var flagged = (m.Flags & QuoteFlags.Flagged) != 0;
        v.Bool("suspicious"u8, ref suspicious, true);
        v.Bool("flagged"u8, ref flagged, true);
        m.Flags = (suspicious ? QuoteFlags.Suspicious : 0) | (flagged ? QuoteFlags.Flagged : 0);
    }
}
