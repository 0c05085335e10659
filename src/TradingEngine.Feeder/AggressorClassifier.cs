namespace TradingEngine.Feeder
{
    /// <summary>
    /// The aggressor of a trade from the best bid and ask at the trade: at or above the ask a buyer lifted the offer
    /// (buy), at or below the bid a seller hit the bid (sell); between them, or with no valid book, it is not known
    /// (none), and no guess (tick rule) is made: the engine's volume nodes treat none as unknown.
    /// </summary>
    public static class AggressorClassifier
    {
        public static FeedAggressor Classify(decimal price, decimal bid, decimal ask)
        {
            if (bid <= 0 || ask <= 0 || ask < bid)
                return FeedAggressor.None;
            if (price >= ask)
                return FeedAggressor.Buy;
            if (price <= bid)
                return FeedAggressor.Sell;
            return FeedAggressor.None;
        }
    }
}
