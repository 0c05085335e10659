using TradingEngine.Types;

namespace TradingEngine.Strategies.Reporting.Tearsheet;

/// <summary>
/// The closed candles of a run, per symbol and timeframe, in the order they closed: what the tearsheet draws each trade
/// on. Fed every output message of the run (other kinds are ignored). Not for the hot path: it keeps every closed
/// candle (48 bytes each), which a backtest of years of one-minute bars holds easily.
/// </summary>
public sealed class TradeCandles
{
    private readonly Dictionary<(int Symbol, int Seconds), List<CandleBar>> _series = [];
    private readonly SymbolRegistry _symbols;

    public TradeCandles(SymbolRegistry symbols) => _symbols = symbols;

    /// <summary>Closed candles kept so far, all series together.</summary>
    public long Count { get; private set; }

    /// <summary>Keeps <paramref name="message"/> when it is a closed candle.</summary>
    public void Add(in OutputMessage message)
    {
        if (message.Kind != MessageType.Candle || !message.Candle.IsClosed)
            return;
        ref readonly var c = ref message.Candle;
        var key = (c.Symbol.Value, c.Timeframe.Seconds);
        if (!_series.TryGetValue(key, out var list))
            _series.Add(key, list = []);
        list.Add(new CandleBar(c.OpenTime, c.Open.ToDouble(), c.High.ToDouble(), c.Low.ToDouble(), c.Close.ToDouble(), c.Volume.ToDouble()));
        Count++;
    }

    /// <summary>
    /// The candles to draw a trade on: the finest timeframe of <paramref name="symbol"/> on which the trade spans at most
    /// <paramref name="maxBarsInTrade"/> bars (else the coarsest), from <paramref name="margin"/> bars before the entry to
    /// <paramref name="margin"/> after the exit. Empty when the run closed no candle of the symbol.
    /// </summary>
    public (Timeframe Timeframe, IReadOnlyList<CandleBar> Bars) Around(string symbol, long entryTime, long exitTime, int maxBarsInTrade, int margin)
    {
        if (!_symbols.TryGet(symbol, out var id))
            return (default, []);
        var timeframes = _series.Keys.Where(k => k.Symbol == id.Value).Select(k => k.Seconds).Order().ToList();
        if (timeframes.Count == 0)
            return (default, []);
        var chosen = timeframes[^1];
        foreach (var seconds in timeframes)
        {
            if ((exitTime - entryTime) / (seconds * Timeframe.NanosPerSecond) <= maxBarsInTrade)
            {
                chosen = seconds;
                break;
            }
        }
        var tf = Timeframe.FromSeconds(chosen);
        var bars = _series[(id.Value, chosen)];
        var from = FirstAtOrAfter(bars, entryTime - tf.Nanos) - margin;
        var to = FirstAtOrAfter(bars, exitTime + 1) + margin;
        from = Math.Max(0, from);
        to = Math.Min(bars.Count, to);
        return (tf, bars.GetRange(from, Math.Max(0, to - from)));
    }

    private static int FirstAtOrAfter(List<CandleBar> bars, long time)
    {
        int lo = 0, hi = bars.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (bars[mid].OpenTime < time)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
