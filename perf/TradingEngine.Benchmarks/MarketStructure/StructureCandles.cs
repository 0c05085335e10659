using TradingEngine.Types;

namespace TradingEngine.Benchmarks.MarketStructure;

/// <summary>
/// A seeded ES-like 1m random walk (quarter ticks, wicks) so every structure kind fires regularly; with a
/// <c>drift</c> (raw units per bar) it trends up, so bullish blocks and sell-side levels pile up behind price and the
/// zone lists stay near capacity.
/// </summary>
internal static class StructureCandles
{
    public const long Minute = 60_000_000_000L;

    public static Candle[] Create(int n, int seed = 42, int drift = 0)
    {
        var random = new Random(seed);
        var bars = new Candle[n];
        var close = 480_000L;
        for (var i = 0; i < n; i++)
        {
            var open = close;
            close = open + (random.Next(-6, 7) * 25) + drift;
            var high = Math.Max(open, close) + (random.Next(0, 5) * 25);
            var low = Math.Min(open, close) - (random.Next(0, 5) * 25);
            bars[i] = new Candle
            {
                Symbol = new SymbolId(1),
                Timeframe = Timeframe.OneMinute,
                PricePrecision = 2,
                Flags = CandleFlags.Closed | CandleFlags.External,
                TickCount = 1,
                OpenTime = 1_704_150_000_000_000_000 + (i * Minute),
                CloseTime = 1_704_150_000_000_000_000 + ((i + 1) * Minute),
                LastEventTime = 1_704_150_000_000_000_000 + ((i + 1) * Minute) - 1,
                OpenRaw = open,
                HighRaw = high,
                LowRaw = low,
                CloseRaw = close,
                VolumeRaw = 1 + random.Next(500),
            };
        }
        return bars;
    }
}
