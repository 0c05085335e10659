namespace TradingEngine.Indicators.Volume;

/// <summary>
/// One price level of a footprint. BidVolume traded at the bid (sellers hit it), AskVolume at the ask
/// (buyers lifted it); Delta = Ask − Bid. The imbalance flags compare diagonally (see <see cref="FootprintState"/>).
/// </summary>
internal readonly record struct FootprintLevel(
    long Price, long BidVolume, long AskVolume, long NeutralVolume, bool BuyImbalance, bool SellImbalance)
{
    public long Delta => AskVolume - BidVolume;

    public long Volume => AskVolume + BidVolume + NeutralVolume;
}
