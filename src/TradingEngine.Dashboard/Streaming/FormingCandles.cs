using TradingEngine.Types;

namespace TradingEngine.Dashboard.Streaming;

/// <summary>
/// The page's forming candles, built by the dashboard from the raw ticks (<c>ticks.raw.{symbol}</c>) between the
/// engine's closes: the engine publishes closed candles only, so without them the last bar on a live chart would stand
/// still for a whole timeframe. A series is known once the engine has closed one candle of it; its buckets continue
/// from that candle (bucket length = its close − open time, so session-aligned bars stay aligned). A tick before the
/// series' last close is late for it (counted, folded into nothing); a tick whose price or size needs more digits than
/// the series' candles carry is counted too. The engine's closed candle always replaces the preview of its bucket.
/// Not thread-safe: <see cref="DashboardHub"/> calls it under its lock.
/// </summary>
internal sealed class FormingCandles
{
    private sealed class SeriesState
    {
        public Candle Last;      // the engine's last closed candle (anchor and precisions)
        public Candle Forming;   // valid when HasForming
        public bool HasForming;
        public bool Dirty;
    }

    private readonly Dictionary<(int Symbol, int Seconds), SeriesState> _series = [];
    private readonly List<SeriesState> _dirty = [];

    /// <summary>Ticks folded into at least one forming candle.</summary>
    public long Folded { get; private set; }

    /// <summary>Ticks of a symbol with no closed candle yet (no series to extend).</summary>
    public long NoSeries { get; private set; }

    /// <summary>(tick, series) pairs skipped: the tick is older than the series' last closed candle's end.</summary>
    public long Late { get; private set; }

    /// <summary>(tick, series) pairs skipped: price or size has more digits than the series' candles.</summary>
    public long Unscalable { get; private set; }

    /// <summary>Takes one of the engine's closed candles: the series' new anchor; a preview of that bucket or earlier ends.</summary>
    public void OnClosed(in Candle closed)
    {
        if (closed.Timeframe.IsNone || closed.CloseTime <= closed.OpenTime)
            return; // activity bars (tick, volume, range): no bucket to extend
        var key = (closed.Symbol.Value, closed.Timeframe.Seconds);
        if (!_series.TryGetValue(key, out var s))
            _series.Add(key, s = new SeriesState());
        s.Last = closed;
        if (s.HasForming && s.Forming.OpenTime < closed.CloseTime)
        {
            s.HasForming = false;
            s.Dirty = false;
        }
    }

    /// <summary>Folds one raw tick into the forming candle of every known series of its symbol.</summary>
    public void OnTick(in Tick tick)
    {
        var any = false;
        var folded = false;
        foreach (var (key, s) in _series)
        {
            if (key.Symbol != tick.Symbol.Value)
                continue;
            any = true;
            if (tick.EventTime < s.Last.CloseTime)
            {
                Late++;
                continue;
            }
            if (!FixedPoint.TryRescale(tick.PriceRaw, tick.PricePrecision, s.Last.PricePrecision, out var price)
                || !FixedPoint.TryRescale(tick.SizeRaw, tick.SizePrecision, s.Last.SizePrecision, out var size))
            {
                Unscalable++;
                continue;
            }
            var length = s.Last.CloseTime - s.Last.OpenTime;
            var open = s.Last.CloseTime + (tick.EventTime - s.Last.CloseTime) / length * length;
            ref var c = ref s.Forming;
            if (!s.HasForming || c.OpenTime != open)
            {
                if (s.HasForming && open < c.OpenTime)
                {
                    Late++; // an older bucket than the preview's: the engine will close it; the preview goes on
                    continue;
                }
                c = new Candle
                {
                    Symbol = s.Last.Symbol, Timeframe = s.Last.Timeframe, PricePrecision = s.Last.PricePrecision, SizePrecision = s.Last.SizePrecision,
                    OpenTime = open, CloseTime = open + length, OpenRaw = price, HighRaw = price, LowRaw = price,
                };
                s.HasForming = true;
            }
            c.HighRaw = Math.Max(c.HighRaw, price);
            c.LowRaw = Math.Min(c.LowRaw, price);
            c.CloseRaw = price;
            c.VolumeRaw += size;
            c.TickCount++;
            c.LastEventTime = tick.EventTime;
            c.ReceiveTime = tick.ReceiveTime;
            if (!s.Dirty)
            {
                s.Dirty = true;
                _dirty.Add(s);
            }
            folded = true;
        }
        if (!any)
            NoSeries++;
        else if (folded)
            Folded++;
    }

    /// <summary>Hands every forming candle changed since the last call to <paramref name="publish"/>, once each.</summary>
    public void Flush<TState>(TState state, Action<TState, Candle> publish)
    {
        foreach (var s in _dirty)
        {
            if (!s.Dirty)
                continue; // ended by a close since it changed
            s.Dirty = false;
            publish(state, s.Forming);
        }
        _dirty.Clear();
    }
}
