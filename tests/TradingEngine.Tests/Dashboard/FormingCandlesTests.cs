using TradingEngine.Dashboard.Streaming;
using TradingEngine.Types;

namespace TradingEngine.Tests.Dashboard;

public sealed class FormingCandlesTests
{
    private static readonly SymbolId Es = new(1);
    private const long Minute = UtcNanos.PerMinute;

    private static Candle Closed(long open) => new()
    {
        Symbol = Es, Timeframe = Timeframe.OneMinute, OpenTime = open, CloseTime = open + Minute, PricePrecision = 2,
        OpenRaw = 500000, HighRaw = 500000, LowRaw = 500000, CloseRaw = 500000, VolumeRaw = 1, Flags = CandleFlags.Closed,
    };

    private static Tick At(long time, long priceRaw, byte precision = 2) =>
        Tick.Create(Es, time, new Price(priceRaw, precision), new Quantity(2, 0));

    private static List<Candle> Flush(FormingCandles f)
    {
        var list = new List<Candle>();
        f.Flush(list, static (l, c) => l.Add(c));
        return list;
    }

    [Fact]
    public void Ticks_after_the_last_close_fold_into_the_bucket_that_continues_the_series_and_each_change_is_flushed_once()
    {
        var f = new FormingCandles();
        f.OnTick(At(10 * Minute, 500100));
        Assert.Equal(1, f.NoSeries); // no closed candle yet: nothing to extend
        f.OnClosed(Closed(10 * Minute));
        f.OnTick(At(13 * Minute + 5, 500125));   // two empty minutes later: bucket 13
        f.OnTick(At(13 * Minute + 9, 500050));
        var c = Assert.Single(Flush(f));
        Assert.Equal((13 * Minute, 14 * Minute, 500125L, 500125L, 500050L, 500050L, 4L, false), (c.OpenTime, c.CloseTime, c.OpenRaw, c.HighRaw, c.LowRaw, c.CloseRaw, c.VolumeRaw, c.IsClosed));
        Assert.Empty(Flush(f)); // nothing changed since
        Assert.Equal(2, f.Folded);
    }

    [Fact]
    public void Late_and_unscalable_ticks_are_counted_and_the_engine_close_ends_the_preview_of_its_bucket()
    {
        var f = new FormingCandles();
        f.OnClosed(Closed(10 * Minute));
        f.OnTick(At(10 * Minute + 1, 500100));      // before the last close's end
        f.OnTick(At(11 * Minute, 5001001, 3));      // 5001.001: more digits than the candles
        Assert.Equal((1L, 1L, 0L), (f.Late, f.Unscalable, f.Folded));
        f.OnTick(At(11 * Minute + 1, 500200));
        f.OnClosed(Closed(11 * Minute));            // the engine closed that bucket: the preview ends, nothing to flush
        Assert.Empty(Flush(f));
        f.OnTick(At(12 * Minute, 5002000, 3));      // 5002.000 rescales exactly
        Assert.Equal(500200, Assert.Single(Flush(f)).CloseRaw);
    }
}
