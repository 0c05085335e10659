namespace TradingEngine.Feeder
{
    /// <summary>What a <see cref="FeedEvent"/> carries: a trade (tick), a best bid/ask (quote) or a finished bar (candle).</summary>
    public enum FeedEventKind : byte
    {
        Trade = 1,
        Quote = 2,
        Bar = 3,
    }
}
