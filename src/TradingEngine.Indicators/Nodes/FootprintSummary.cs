using TradingEngine.Indicators.Volume;

namespace TradingEngine.Indicators.Nodes;

/// <summary>
/// What the <see cref="TradingEngine.Types.Footprint"/> message carries about one bar, read from the core's
/// levels (O(levels), once per bar close, never per trade): the point of control (most volume; ties → the lowest
/// price, the volume profile's convention), the count of buy and sell diagonal imbalances as the core flags them,
/// the longest run of consecutive levels imbalanced the same way (a "stacked" imbalance), and the strongest
/// imbalance: the largest flagged ratio, Ask[p] / Bid[p − 1] for buy and Bid[p] / Ask[p + 1] for sell.
/// </summary>
internal struct FootprintSummary
{
    public long Poc;
    public int BuyImbalances;
    public int SellImbalances;
    public int MaxStacked;
    public long MaxImbalancePrice;
    public double MaxImbalanceRatio;

    public static FootprintSummary Of(in FootprintState footprint)
    {
        var s = default(FootprintSummary);
        var count = footprint.LevelCount;
        long pocVolume = -1;
        int buyRun = 0, sellRun = 0;
        var previous = default(FootprintLevel);
        for (var i = 0; i < count; i++)
        {
            var level = footprint.GetLevel(i);
            if (level.Volume > pocVolume)
            {
                pocVolume = level.Volume;
                s.Poc = level.Price;
            }
            buyRun = level.BuyImbalance ? buyRun + 1 : 0;
            sellRun = level.SellImbalance ? sellRun + 1 : 0;
            s.MaxStacked = Math.Max(s.MaxStacked, Math.Max(buyRun, sellRun));
            if (level.BuyImbalance)
            {
                s.BuyImbalances++;
                Strongest(ref s, level.Price, (double)level.AskVolume / previous.BidVolume);
            }
            if (level.SellImbalance)
            {
                s.SellImbalances++;
                Strongest(ref s, level.Price, (double)level.BidVolume / footprint.GetLevel(i + 1).AskVolume);
            }
            previous = level;
        }
        return s;
    }

    private static void Strongest(ref FootprintSummary s, long price, double ratio)
    {
        if (ratio > s.MaxImbalanceRatio)
        {
            s.MaxImbalanceRatio = ratio;
            s.MaxImbalancePrice = price;
        }
    }
}
