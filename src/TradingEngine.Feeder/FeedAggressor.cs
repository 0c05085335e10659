namespace TradingEngine.Feeder
{
    /// <summary>Which side took liquidity in a trade, as the contract's <c>aggressor</c> (none: not known).</summary>
    public enum FeedAggressor : byte
    {
        None = 0,
        Buy = 1,
        Sell = 2,
    }
}
