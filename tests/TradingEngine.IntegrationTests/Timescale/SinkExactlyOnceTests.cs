using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Timescale;

public class SinkExactlyOnceTests
{
    private const int Inputs = 20_000;

    [Fact]
    public async Task A_restarted_sink_fed_from_the_start_skips_what_is_committed_and_writes_the_rest_once()
    {
        using var timeout = Timeout();
        await using var db = await TestDatabase.CreateAsync();
        var (symbols, driver) = Load();
        await using (var first = new TimescaleSink(db.Options(), symbols, SampleOutputs.NodeNames))
        {
            var (ticks, outputs) = (first.OpenFeed("journal.ticks"), first.OpenFeed("journal.outputs"));
            first.Start();
            driver.Play(ticks, outputs, 0, Inputs / 3);
            await first.StopAsync(timeout.Token);
        }
        var watermarks = await TimescaleSink.ReadWatermarksAsync(db.Options(), "journal.ticks", timeout.Token);
        Assert.Equal(new SinkPosition(Inputs / 3, 0), watermarks["GCZ13"]);

        await using var second = new TimescaleSink(db.Options(), symbols, SampleOutputs.NodeNames);
        var (ticks2, outputs2) = (second.OpenFeed("journal.ticks"), second.OpenFeed("journal.outputs"));
        second.Start();
        driver.Play(ticks2, outputs2, 0, Inputs); // a replay from the journal's start: the overlap must be skipped
        await second.FlushAsync(timeout.Token);

        await AssertExactlyOnceAsync(db, driver);
        Assert.True(second.Statistics.SkippedBelowWatermark >= Inputs / 3);
    }

    [Fact]
    public async Task Killed_between_copy_and_commit_then_restarted_writes_every_row_once()
    {
        using var timeout = Timeout();
        await using var db = await TestDatabase.CreateAsync();
        var (symbols, driver) = Load();
        var batches = 0;
        await using (var doomed = new TimescaleSink(db.Options() with { MaxBatchRows = 2_000 }, symbols, SampleOutputs.NodeNames))
        {
            doomed.FaultInjector = point =>
            {
                if (point == SinkFaultPoint.BeforeCommit && ++batches == 4)
                    throw new SinkKilledException(); // the COPYs of batch 4 are done, its commit never comes
            };
            var (ticks, outputs) = (doomed.OpenFeed("journal.ticks"), doomed.OpenFeed("journal.outputs"));
            doomed.Start();
            driver.Play(ticks, outputs, 0, Inputs);
            await doomed.Completion.WaitAsync(timeout.Token);
            Assert.Equal(3, doomed.Statistics.BatchesCommitted);
        }
        var committed = await db.CountAsync("ticks");
        Assert.InRange(committed, 1, Inputs - 1);

        await using var restarted = new TimescaleSink(db.Options(), symbols, SampleOutputs.NodeNames);
        var (ticks2, outputs2) = (restarted.OpenFeed("journal.ticks"), restarted.OpenFeed("journal.outputs"));
        restarted.Start();
        driver.Play(ticks2, outputs2, 0, Inputs);
        await restarted.FlushAsync(timeout.Token);

        await AssertExactlyOnceAsync(db, driver);
    }

    [Fact]
    public async Task A_commit_whose_reply_is_lost_is_not_written_again_on_retry()
    {
        using var timeout = Timeout();
        await using var db = await TestDatabase.CreateAsync();
        var (symbols, driver) = Load();
        var failures = 0;
        await using var sink = new TimescaleSink(db.Options() with { MaxBatchRows = 3_000 }, symbols, SampleOutputs.NodeNames);
        sink.FaultInjector = point =>
        {
            // the server committed, the client never heard: the retry must find the batch already there
            if (point == SinkFaultPoint.AfterCommit && failures++ < 2)
                throw new IOException("connection reset after COMMIT (injected)");
        };
        var (ticks, outputs) = (sink.OpenFeed("journal.ticks"), sink.OpenFeed("journal.outputs"));
        sink.Start();
        driver.Play(ticks, outputs, 0, Inputs);
        await sink.FlushAsync(timeout.Token);

        await AssertExactlyOnceAsync(db, driver);
        Assert.Equal(2, sink.Statistics.FailedAttempts);
        Assert.True(sink.Statistics.SkippedBelowWatermark > 0);
    }

    internal static (SymbolRegistry Symbols, SinkDriver Driver) Load(int inputs = Inputs)
    {
        var symbols = new SymbolRegistry();
        return (symbols, new SinkDriver(GoldTicks.Read(symbols.GetOrAdd("GCZ13"), inputs)));
    }

    internal static async Task AssertExactlyOnceAsync(TestDatabase db, SinkDriver driver)
    {
        // identical prints share every column but source_seq: counting distinct sequences proves no duplicate
        Assert.Equal(driver.Ticks.Count, await db.CountAsync("ticks"));
        Assert.Equal(driver.Ticks.Count, await db.ScalarAsync<long>("SELECT count(DISTINCT source_seq) FROM ticks"));
        Assert.Equal(driver.Candles, await db.CountAsync("candles"));
        Assert.Equal(driver.OutputTicks * 5, await db.CountAsync("market_structure"));
        Assert.Equal(driver.OutputTicks * 4, await db.CountAsync("indicators"));
        Assert.Equal(driver.OutputTicks, await db.ScalarAsync<long>("SELECT count(DISTINCT source_seq) FROM indicators"));
        Assert.Equal(driver.OutputTicks * 4, await db.CountAsync("volume_analysis"));
        Assert.Equal(driver.OutputTicks * 2, await db.CountAsync("strategy_signals"));
        Assert.Equal(driver.OutputTicks, await db.CountAsync("positions"));
    }

    internal static CancellationTokenSource Timeout(int seconds = 120)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(seconds));
        return cts;
    }
}
