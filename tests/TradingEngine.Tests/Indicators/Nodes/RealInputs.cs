using TradingEngine.Tests.Support;
using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.Nodes;

/// <summary>Real bars and trades as engine events, plus the doubles a core sees when fed the same values directly.</summary>
internal static class RealInputs
{
    public const byte BarPrecision = 4;

    /// <summary>Skender's intraday SPY minutes (09:30-16:00 New York) as closed external 1m candles at 4 decimals.</summary>
    public static Candle[] IntradayBars()
    {
        var bars = OhlcvCsv.Read(TestData.Require("bars/skender/intraday.csv"), OhlcvFormat.Skender);
        var candles = new Candle[bars.Count];
        for (var i = 0; i < bars.Count; i++)
        {
            candles[i] = new Candle
            {
                Symbol = NodeHarness.Symbol,
                Timeframe = Timeframe.OneMinute,
                PricePrecision = BarPrecision,
                SizePrecision = 0,
                Flags = CandleFlags.Closed | CandleFlags.External,
                TickCount = 1,
                OpenTime = bars.StartUtcNs[i],
                CloseTime = bars.StartUtcNs[i] + Timeframe.OneMinute.Nanos,
                LastEventTime = bars.StartUtcNs[i] + Timeframe.OneMinute.Nanos - 1,
                OpenRaw = Raw(bars.Open[i]),
                HighRaw = Raw(bars.High[i]),
                LowRaw = Raw(bars.Low[i]),
                CloseRaw = Raw(bars.Close[i]),
                VolumeRaw = (long)bars.Volume[i],
            };
        }
        return candles;
    }

    public static double Price(long raw) => FixedPoint.ToDouble(raw, BarPrecision);

    /// <summary>
    /// The Databento ES trades of 2023-12-25 as engine events: before each trade a Quote with the BBO the file gives,
    /// and the trade without side or BBO, so classification goes through the quotes port, the quote rule and (inside
    /// the spread, crossed book) the tick rule. Prices at 2 decimals, sizes whole contracts.
    /// </summary>
    public static MarketEvent[] EsTradesAndQuotes()
    {
        var trades = EsTradesWithBbo.Read(TestData.Require(EsTradesWithBbo.RelativePath));
        var events = new MarketEvent[trades.Length * 2];
        long sequence = 0;
        for (var i = 0; i < trades.Length; i++)
        {
            var t = trades[i];
            var quote = new Quote
            {
                Symbol = NodeHarness.Symbol, PricePrecision = 2, EventTime = t.UtcNanos,
                BidRaw = t.Bid, AskRaw = t.Ask, BidSizeRaw = t.Bid > 0 ? 1 : 0, AskSizeRaw = t.Ask > 0 ? 1 : 0,
            };
            events[2 * i] = MarketEvent.FromQuote(quote, ++sequence);
            var tick = Tick.Create(NodeHarness.Symbol, t.UtcNanos, new Price(t.Price, 2), new Quantity(t.Size, 0));
            events[(2 * i) + 1] = MarketEvent.FromTick(tick, ++sequence);
        }
        return events;
    }

    private static long Raw(double price) => (long)decimal.Round((decimal)price * 10_000m, 0, MidpointRounding.AwayFromZero);
}
