using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary><c>quote_spread</c>: spread and mid of the best bid/ask, valid when both sides are present.</summary>
internal struct QuoteSpreadNode : INode<QuoteSpreadNode>
{
    private const int QuotesIn = 0;
    private const int SpreadOut = 0;
    private const int MidOut = 1;

    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "quote_spread",
        "Spread (ask - bid) and mid price of each quote.",
        [],
        PortList.Of((QuotesIn, new InputPort("quotes", PortType.Quote))),
        PortList.Of((SpreadOut, new OutputPort("spread", PortType.Number)), (MidOut, new OutputPort("mid", PortType.Number))));

    /// <inheritdoc/>
    public static QuoteSpreadNode Create(NodeParameters parameters) => default;

    /// <inheritdoc/>
    public readonly bool Evaluate(NodeContext context)
    {
        ref readonly var q = ref context.Quote;
        if (!q.HasBid || !q.HasAsk)
            return false;
        var bid = PriceMath.ToDouble(q.BidRaw, q.PricePrecision);
        var ask = PriceMath.ToDouble(q.AskRaw, q.PricePrecision);
        context.SetNumber(SpreadOut, ask - bid);
        context.SetNumber(MidOut, (ask + bid) / 2);
        return true;
    }

    /// <inheritdoc/>
    public readonly void WriteState(ref StateWriter writer)
    {
    }

    /// <inheritdoc/>
    public void ReadState(ref StateReader reader)
    {
    }
}
