using System.Runtime.CompilerServices;
using TradingEngine.Engine.Dag;
using TradingEngine.Indicators.Volume;
using TradingEngine.Types;
using FeedSide = TradingEngine.Types.AggressorSide;
using Side = TradingEngine.Indicators.Volume.AggressorSide;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// Feeds a tick to <see cref="AggressorClassifier"/> the way issue 5 orders the rules: the feed's side when the
/// tick carries one; else the quote rule against the tick's own bid/ask when it carries both (NinjaTrader Last
/// events), or else the latest quote of the optional <c>quotes</c> port; else the tick rule. Quote prices are
/// rescaled to the tick's precision when the two differ (cold: instruments use one precision).
/// </summary>
internal struct TradeClassifier
{
    private AggressorClassifier _classifier;
    private long _quoteBid;
    private long _quoteAsk;
    private byte _quotePrecision;

    /// <summary>Records the latest quote when the quote port changed in this event.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ObserveQuote(NodeContext context, int quotesPort)
    {
        if (context.Count(quotesPort) == 0 || !context.Changed(quotesPort))
            return;
        ref readonly var q = ref context.Quote;
        _quoteBid = q.HasBid ? q.BidRaw : 0;
        _quoteAsk = q.HasAsk ? q.AskRaw : 0;
        _quotePrecision = q.PricePrecision;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Side Classify(in Tick t)
    {
        var feed = t.Side switch
        {
            FeedSide.Buy => Side.Buy,
            FeedSide.Sell => Side.Sell,
            _ => Side.Unknown,
        };
        if (t.HasBid && t.HasAsk)
            return _classifier.Classify(t.PriceRaw, feed, t.BidRaw, t.AskRaw);
        if (_quotePrecision != t.PricePrecision && (_quoteBid | _quoteAsk) != 0)
            Rescale(t.PricePrecision);
        _classifier.OnQuote(_quoteBid, _quoteAsk);
        return _classifier.Classify(t.PriceRaw, feed);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Rescale(byte precision)
    {
        _quoteBid = _quoteBid > 0 ? new Price(_quoteBid, _quotePrecision).WithPrecision(precision).Raw : 0;
        _quoteAsk = _quoteAsk > 0 ? new Price(_quoteAsk, _quotePrecision).WithPrecision(precision).Raw : 0;
        _quotePrecision = precision;
    }

    public readonly void Write(ref StateWriter writer)
    {
        CoreSnapshot.Write(ref writer, _classifier.SnapshotSize, in _classifier, static (in core, destination) => core.WriteTo(destination));
        writer.WriteInt64(_quoteBid);
        writer.WriteInt64(_quoteAsk);
        writer.WriteByte(_quotePrecision);
    }

    public void Read(ref StateReader reader)
    {
        _classifier = AggressorClassifier.ReadFrom(CoreSnapshot.Read(ref reader));
        _quoteBid = reader.ReadInt64();
        _quoteAsk = reader.ReadInt64();
        _quotePrecision = reader.ReadByte();
    }
}
