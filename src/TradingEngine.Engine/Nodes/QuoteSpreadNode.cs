using TradingEngine.Engine.Dag;

namespace TradingEngine.Engine.Nodes;

/// <summary><c>quote_spread</c>: spread and mid of the best bid/ask, valid when both sides are present.</summary>
public struct QuoteSpreadNode : INode<QuoteSpreadNode>
{
    /// <inheritdoc/>
    public static NodeKindInfo Describe() => new(
        "quote_spread",
        "Spread (ask - bid) and mid price of each quote.",
        [],
        [new InputPort("quotes", PortType.Quote)],
        [new OutputPort("spread", PortType.Number), new OutputPort("mid", PortType.Number)]);

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
        context.SetNumber(0, ask - bid);
        context.SetNumber(1, (ask + bid) / 2);
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
