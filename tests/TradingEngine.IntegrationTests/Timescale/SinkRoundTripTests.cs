using Npgsql;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Timescale;

public class SinkRoundTripTests
{
    [Fact]
    public async Task Real_gold_ticks_and_every_output_kind_land_once_with_exact_values()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync();
        var symbols = new SymbolRegistry();
        var gold = GoldTicks.Read(symbols.GetOrAdd("GCZ13"));
        var euro = symbols.GetOrAdd("6EZ3");
        // 6E quotes 5 decimals: NUMERIC(12,4) of the seed could not hold them, raw + precision does
        var ticks = gold.Concat(Enumerable.Range(0, 500).Select(i =>
            Tick.Create(euro, gold[^1].EventTime + i * 1000L + 1, new Price(135_725 + i % 7, 5), new Quantity(1 + i % 3, 0)))).ToList();
        var driver = new SinkDriver(ticks);

        await using var sink = new TimescaleSink(db.Options(), symbols, SampleOutputs.NodeNames);
        var tickFeed = sink.OpenFeed("journal.ticks");
        var outputFeed = sink.OpenFeed("journal.outputs");
        sink.Start();
        driver.Play(tickFeed, outputFeed, 0, ticks.Count);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        await sink.FlushAsync(timeout.Token);

        Assert.Equal(ticks.Count, await db.CountAsync("ticks"));
        Assert.Equal(driver.Candles, await db.CountAsync("candles"));
        Assert.Equal(driver.OutputTicks * 5, await db.CountAsync("market_structure"));
        Assert.Equal(driver.OutputTicks * 4, await db.CountAsync("volume_analysis"));
        Assert.Equal(driver.OutputTicks * 4, await db.CountAsync("indicators"));
        Assert.Equal(driver.OutputTicks * 2, await db.CountAsync("strategy_signals"));
        Assert.Equal(driver.OutputTicks, await db.CountAsync("positions"));
        var stats = sink.Statistics;
        Assert.Equal(0, stats.SkippedBelowWatermark);
        Assert.Equal(stats.Accepted, stats.RowsWritten);

        // every price, size and time, back through the decimal view, equals the engine's exact text
        await using var connection = await db.OpenAsync();
        await using (var command = new NpgsqlCommand(
            "SELECT source_seq, symbol, price::text, size::text, time_ns, (extract(epoch FROM time) * 1000000)::bigint FROM ticks_v ORDER BY source_seq", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            var i = 0;
            while (await reader.ReadAsync(ct))
            {
                var tick = ticks[i];
                Assert.Equal(i + 1L, reader.GetInt64(0));
                Assert.Equal(symbols.NameOf(tick.Symbol), reader.GetString(1));
                Assert.Equal(tick.Price.ToString(), reader.GetString(2));
                Assert.Equal(tick.Size.ToString(), reader.GetString(3));
                Assert.Equal(tick.EventTime, reader.GetInt64(4));
                Assert.Equal(tick.EventTime / 1000, reader.GetInt64(5));
                i++;
            }
            Assert.Equal(ticks.Count, i);
        }
        Assert.Equal(Enumerable.Range(0, 500).Count(i => i % 7 == 0), await db.ScalarAsync<long>("SELECT count(*) FROM ticks_v WHERE price::text = '1.35725'"));

        // one row per output kind, column by column
        var first = ticks[0];
        var p = first.Price;
        Assert.Equal($"{p}|{p}|2|{first.EventTime - 1000}", await db.ScalarAsync<string>(
            $"SELECT concat_ws('|', price, price::text, count, ref_ns) FROM market_structure_v WHERE type = 'swing_point' AND source_seq = 1"));
        Assert.Equal("bearish|filled|42", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', direction, state, volume) FROM market_structure_v WHERE type = 'order_block' AND source_seq = 1"));
        Assert.Equal("bullish|change_of_character", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', direction, state) FROM market_structure WHERE type = 'break_of_structure' AND source_seq = 1"));
        Assert.Equal("7|11|-4|18", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', buy_volume, sell_volume, delta, total_volume) FROM volume_analysis_v WHERE type = 'delta_volume' AND source_seq = 1"));
        Assert.Equal("-4|18|5|2|1|2|4.5", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', delta, total_volume, level_count, buy_imbalances, sell_imbalances, max_stacked_imbalances, max_imbalance_ratio) FROM volume_analysis_v WHERE type = 'footprint' AND source_seq = 1"));
        Assert.Equal("ema_fast|ema|21", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', node, indicator, period) FROM indicators WHERE indicator = 'ema' AND source_seq = 1"));
        Assert.Equal(p.ToDouble() + 0.125, await db.ScalarAsync<double>("SELECT value FROM indicators WHERE indicator = 'ema' AND source_seq = 1"));
        Assert.Equal("1.5|2.5|0.5|3.5|-0.5", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', value, upper1, lower1, upper2, lower2) FROM indicators WHERE indicator = 'vwap' AND source_seq = 1"));
        Assert.Equal("breakout|entry|long|{3,10}|7", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', strategy, action, side, triggers, reason_code) FROM strategy_signals WHERE type = 'signal' AND source_seq = 1"));
        Assert.Equal("3|2", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', size, r_multiple) FROM strategy_signals_v WHERE type = 'risk' AND source_seq = 1"));
        Assert.Equal($"position|long|2|{p}|-3.5", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', strategy, side, quantity, mark_price, realized_pnl) FROM positions_v WHERE source_seq = 1"));
        Assert.Equal($"{new Price(first.PriceRaw - 10, 2)}|{new Price(first.PriceRaw + 20, 2)}|1m|3", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', open, high, timeframe, tick_count) FROM candles_v WHERE source_seq = 1"));
    }
}
