using TradingEngine.Timescale.Queries;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Timescale;

public class TimescaleQueriesTests
{
    private static readonly long Start = UtcNanos.FromDateTime(new DateTime(2023, 12, 1, 14, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task Latest_candles_rollups_indicator_history_and_signals_by_strategy_read_back_what_the_sink_wrote()
    {
        using var timeout = SinkExactlyOnceTests.Timeout();
        var ct = timeout.Token;
        await using var db = await TestDatabase.CreateAsync();
        var symbols = new SymbolRegistry();
        var euro = symbols.GetOrAdd("6EZ3");
        var bars = Enumerable.Range(0, 180).Select(i => Bar(euro, i)).ToList(); // 14:00 to 17:00, 1m
        await using (var sink = new TimescaleSink(db.Options(), symbols, ["ema_fast", "breakout"]))
        {
            var feed = sink.OpenFeed("test.outputs");
            sink.Start();
            for (var i = 0; i < bars.Count; i++)
            {
                feed.Add(OutputMessage.From(bars[i], -1, i + 1));
                feed.Add(OutputMessage.From(new MovingAverage { Symbol = euro, Timeframe = Timeframe.OneMinute, EventTime = bars[i].CloseTime, Kind = MovingAverageKind.Ema, Period = 9, Value = i + 0.5 }, 0, i + 1));
                if (i % 60 == 59)
                    feed.Add(OutputMessage.From(new TradeSignal { Symbol = euro, Timeframe = Timeframe.OneMinute, EventTime = bars[i].CloseTime, Action = SignalAction.Entry, Side = PositionSide.Short, PricePrecision = 5, PriceRaw = bars[i].CloseRaw, Triggers = NodeIdList.Of(0) }, 1, i + 1));
            }
            feed.Publish(force: true);
            await sink.FlushAsync(ct);
        }
        var queries = new TimescaleQueries(db.Options());

        var latest = await queries.LatestCandlesAsync("6EZ3", Timeframe.OneMinute, 3, ct);
        Assert.Equal(bars.TakeLast(3).Select(b => (b.OpenTime, b.Open, b.High, b.Low, b.Close, b.Volume)),
            latest.Select(c => (c.OpenTimeNs, c.Open, c.High, c.Low, c.Close, c.Volume)));
        Assert.Equal("1.08922", latest[^1].Close.ToString()); // 5 decimals, exact

        var hours = await queries.CandlesRolledUpAsync("6EZ3", Timeframe.OneMinute, TimeSpan.FromHours(1), Start, Start + 3 * UtcNanos.PerHour, ct);
        Assert.Equal(3, hours.Count);
        for (var h = 0; h < 3; h++)
        {
            var hour = bars.Skip(h * 60).Take(60).ToList();
            var row = hours[h];
            Assert.Equal(("1h", Start + h * UtcNanos.PerHour), (row.Timeframe, row.OpenTimeNs));
            Assert.Equal(hour[0].Open, row.Open);
            Assert.Equal(hour.Max(b => b.High), row.High);
            Assert.Equal(hour.Min(b => b.Low), row.Low);
            Assert.Equal(hour[^1].Close, row.Close);
            Assert.Equal(new Quantity(hour.Sum(b => b.VolumeRaw), 0), row.Volume);
            Assert.Equal(hour.Sum(b => (long)b.TickCount), row.TickCount);
        }
        // the hourly view (continuous aggregate on TimescaleDB) agrees with the query
        Assert.Equal(hours[1].High.Raw, await db.ScalarAsync<long>($"SELECT high_raw FROM candles_1h ORDER BY bucket OFFSET 1 LIMIT 1"));

        var ema = await queries.IndicatorHistoryAsync("6EZ3", "ema_fast", Start + 10 * UtcNanos.PerMinute, Start + 20 * UtcNanos.PerMinute, 100, ct);
        Assert.Equal(Enumerable.Range(9, 10).Select(i => i + 0.5), ema.Select(r => r.Value));
        Assert.All(ema, r => Assert.Equal(("ema", (int?)9, (double?)null), (r.Indicator, r.Period, r.Upper1)));

        var signals = await queries.SignalsByStrategyAsync("breakout", Start, Start + UtcNanos.PerDay, 10, ct);
        Assert.Equal([bars[59].Close, bars[119].Close, bars[179].Close], signals.Select(s => s.Price));
        Assert.All(signals, s => Assert.Equal(("signal", "entry", "short", 0), (s.Type, s.Action, s.Side, s.Triggers.Single())));
        Assert.Empty(await queries.SignalsByStrategyAsync("ema_fast", Start, Start + UtcNanos.PerDay, 10, ct));
    }

    private static Candle Bar(SymbolId symbol, int minute)
    {
        var open = 108_900L + minute % 17 * 3;
        return new Candle
        {
            Symbol = symbol, Timeframe = Timeframe.OneMinute, PricePrecision = 5, SizePrecision = 0, Flags = CandleFlags.Closed,
            OpenTime = Start + minute * UtcNanos.PerMinute, CloseTime = Start + (minute + 1) * UtcNanos.PerMinute,
            OpenRaw = open, HighRaw = open + 11 + minute % 5, LowRaw = open - 7 - minute % 3, CloseRaw = open + 4 - minute % 2 * 9,
            VolumeRaw = 100 + minute, TickCount = 10 + minute % 4,
        };
    }
}
