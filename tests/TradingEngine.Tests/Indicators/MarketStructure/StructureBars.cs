using TradingEngine.Types;

namespace TradingEngine.Tests.Indicators.MarketStructure;

/// <summary>Hand-built 1m candles at precision 2 (prices in the tests read as written).</summary>
internal static class StructureBars
{
    public const long Minute = 60_000_000_000L;
    public const long Start = 1_700_000_040_000_000_000L;
    public static readonly SymbolId Symbol = new(1);

    public static long Raw(double price) => (long)Math.Round(price * 100);

    /// <summary>A bar from open, high, low, close.</summary>
    public static Candle Bar(int index, double open, double high, double low, double close, long volume = 100) => new()
    {
        Symbol = Symbol,
        Timeframe = Timeframe.OneMinute,
        PricePrecision = 2,
        SizePrecision = 0,
        Flags = CandleFlags.Closed | CandleFlags.External,
        TickCount = 1,
        OpenTime = Start + (index * Minute),
        CloseTime = Start + ((index + 1) * Minute),
        LastEventTime = Start + ((index + 1) * Minute) - 1,
        OpenRaw = Raw(open),
        HighRaw = Raw(high),
        LowRaw = Raw(low),
        CloseRaw = Raw(close),
        VolumeRaw = volume,
    };

    /// <summary>Bars from (high, low), opening and closing at the midpoint.</summary>
    public static Candle[] FromHighLow(params (double High, double Low)[] bars)
    {
        var result = new Candle[bars.Length];
        for (var i = 0; i < bars.Length; i++)
        {
            var mid = (bars[i].High + bars[i].Low) / 2;
            result[i] = Bar(i, mid, bars[i].High, bars[i].Low, mid);
        }
        return result;
    }

    /// <summary>Bars from (low, high) as the issue writes its FVG case, opening and closing at the midpoint.</summary>
    public static Candle[] FromLowHigh(params (double Low, double High)[] bars) =>
        FromHighLow(bars.Select(b => (b.High, b.Low)).ToArray());

    /// <summary>Bars from (open, high, low, close).</summary>
    public static Candle[] FromOhlc(params (double Open, double High, double Low, double Close)[] bars)
    {
        var result = new Candle[bars.Length];
        for (var i = 0; i < bars.Length; i++)
            result[i] = Bar(i, bars[i].Open, bars[i].High, bars[i].Low, bars[i].Close);
        return result;
    }

    /// <summary>The same bars with bar <paramref name="index"/> replaced.</summary>
    public static Candle[] With(Candle[] bars, int index, double open, double high, double low, double close)
    {
        var copy = (Candle[])bars.Clone();
        if (index == copy.Length)
            Array.Resize(ref copy, index + 1);
        copy[index] = Bar(index, open, high, low, close);
        return copy;
    }

    /// <summary>
    /// The uptrend of the BOS/CHoCH golden case (strength 2): swing high 12 at bar 2, swing low 8 at bar 5, a BOS up
    /// at bar 8 (close 12.5 above 12), a higher high 14 at bar 9 (confirmed at 11), a higher low 10 at bar 12
    /// (confirmed at 14). Live levels after bar 14: up 14, down 10; trend up.
    /// </summary>
    public static Candle[] Uptrend() => FromHighLow(
        (10, 9), (11, 10), (12, 11), (11, 10), (10, 9),
        (9, 8), (10, 9), (11, 10), (13, 12), (14, 13),
        (13, 12), (12, 11), (11, 10), (12, 11), (13, 12));
}
