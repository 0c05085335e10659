using System.Diagnostics;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Timescale.Sink;

namespace TradingEngine.IntegrationTests.Timescale;

public class SinkOutageTests
{
    [Fact]
    public async Task PostgreSQL_killed_and_restarted_mid_load_loses_nothing_duplicates_nothing_and_never_blocks_the_producer()
    {
        using var timeout = SinkExactlyOnceTests.Timeout(180);
        var ct = timeout.Token;
        await using var cluster = await PostgresCluster.StartAsync(ct);
        await using var db = await TestDatabase.CreateAsync(cluster.ConnectionString);
        var (symbols, driver) = SinkExactlyOnceTests.Load(30_000);
        var options = db.Options() with { MaxBatchRows = 2_000, ChunkRows = 512, MaxBufferedBytes = 4 * 512 * 120 };
        await using var sink = new TimescaleSink(options, symbols, SampleOutputs.NodeNames);
        var (ticks, outputs) = (sink.OpenFeed("journal.ticks"), sink.OpenFeed("journal.outputs"));
        sink.Start();

        driver.Play(ticks, outputs, 0, 10_000, publishEvery: 100);
        await sink.FlushAsync(ct);
        Assert.Equal(10_000, await db.CountAsync("ticks"));

        await cluster.StopServerAsync(immediate: true, ct);
        // while the server is down the producer keeps going: no call may wait for the database
        var slowest = TimeSpan.Zero;
        var clock = new Stopwatch();
        driver.Play(ticks, outputs, 10_000, 20_000, publishEvery: 100, afterEach: _ =>
        {
            var lap = clock.Elapsed;
            if (lap > slowest)
                slowest = lap;
            clock.Restart();
        });
        await WaitUntilAsync(() => sink.Statistics.FailedAttempts > 0, ct);
        Assert.True(slowest < TimeSpan.FromMilliseconds(500), $"a producer call took {slowest.TotalMilliseconds} ms while the database was down");
        Assert.True(sink.Statistics.SpilledChunks > 0, "past the memory bound the feed spills to disk");

        await cluster.StartServerAsync(ct);
        driver.Play(ticks, outputs, 20_000, 30_000, publishEvery: 100);
        await sink.FlushAsync(ct);

        await SinkExactlyOnceTests.AssertExactlyOnceAsync(db, driver);
        Assert.Equal(0, sink.Statistics.Buffered);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
            await Task.Delay(10, ct);
    }
}
