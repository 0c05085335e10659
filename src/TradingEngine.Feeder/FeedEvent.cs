namespace TradingEngine.Feeder
{
    /// <summary>
    /// One market data event as a feeder hands it over: a value type, so queueing it allocates nothing on the platform's
    /// thread. Prices are exact decimals (already rounded to the instrument's tick: <see cref="TickRounding"/>), times UTC
    /// nanoseconds since 1970 (<see cref="DisplayTimeConverter"/> turns NinjaTrader's display time into them).
    /// </summary>
    public struct FeedEvent
    {
        public FeedEventKind Kind;
        public string Symbol;
        /// <summary>Event time (trade, quote) or bar open time, UTC ns.</summary>
        public long TimeNs;
        public decimal Price;
        public decimal Size;
        public FeedAggressor Aggressor;
        /// <summary>Best bid/ask at a trade (0: not known), or the quote's.</summary>
        public decimal Bid;
        public decimal Ask;
        public decimal BidSize;
        public decimal AskSize;
        public decimal Open;
        public decimal High;
        public decimal Low;
        public decimal Close;
        /// <summary>Bar timeframe in the contract's text form (<c>1m</c>, <c>5m</c>, <c>1h</c>).</summary>
        public string Timeframe;
        public long CloseTimeNs;
        public int TickCount;

        public static FeedEvent Trade(string symbol, long timeNs, decimal price, decimal size, FeedAggressor aggressor = FeedAggressor.None, decimal bid = 0, decimal ask = 0) =>
            new FeedEvent { Kind = FeedEventKind.Trade, Symbol = symbol, TimeNs = timeNs, Price = price, Size = size, Aggressor = aggressor, Bid = bid, Ask = ask };

        public static FeedEvent Quote(string symbol, long timeNs, decimal bid, decimal bidSize, decimal ask, decimal askSize) =>
            new FeedEvent { Kind = FeedEventKind.Quote, Symbol = symbol, TimeNs = timeNs, Bid = bid, BidSize = bidSize, Ask = ask, AskSize = askSize };

        public static FeedEvent Bar(string symbol, string timeframe, long openTimeNs, long closeTimeNs, decimal open, decimal high, decimal low, decimal close,
            decimal volume, int tickCount) =>
            new FeedEvent
            {
                Kind = FeedEventKind.Bar, Symbol = symbol, Timeframe = timeframe, TimeNs = openTimeNs, CloseTimeNs = closeTimeNs,
                Open = open, High = high, Low = low, Close = close, Size = volume, TickCount = tickCount,
            };
    }
}
