using System.Text;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.IntegrationTests.Timescale;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Serving;

/// <summary>
/// The standalone sink as a user runs it, through the host's <c>SinkRole</c>: <c>te serve sink --config</c> stores an
/// engine's internal frames once and counts a frame that does not decode, then <c>te sink run --pipeline</c> with the same
/// <c>--source</c> is sent the same frames again and stores none of them (the watermark: exactly once), each run's
/// summary line counting what happened, exit 0 on Ctrl+C.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class SinkRoleProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_sink_and_sink_run_store_the_frames_once_and_count_every_frame_in_their_summary()
    {
        using var fixture = new ServeFixture();
        await using var server = await NatsServerProcess.StartAsync(jetStream: false);
        await using var db = await TestDatabase.CreateAsync();
        await using var engine = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Name = "te-sink-role-test" }, cancellationToken: Ct);
        var symbols = new SymbolRegistry();
        var outputs = StandaloneSinkTests.Outputs(symbols.GetOrAdd(fixture.Es), bars: 50);
        var publisher = new OutputPublisher(engine, null, symbols, new OutputRouting(symbols, node => $"n{node}"));

        var (serve, serveHealth) = await ServeFixture.StartRoleAsync("sink",
            "--config", fixture.ConfigPath, "--nats", server.Url, "--pg", db.ConnectionString, "--source", "role-test");
        using (serve)
        {
            foreach (var m in outputs)
                publisher.Publish(in m);
            await engine.PublishAsync($"candles.internal.{fixture.Es}.1m", Encoding.ASCII.GetBytes("not a frame"), cancellationToken: Ct);
            await engine.PingAsync(Ct);
            await ReceivedAsync(serveHealth, outputs.Length, serve);
            Assert.Equal(0, serve.Interrupt(TimeSpan.FromSeconds(60)));
        }
        Assert.Contains($"te sink run: *.internal.> on {server.Url}", serve.Output, StringComparison.Ordinal);
        Assert.Contains("te sink run: 250 frames received, 1 rejected (last: candles.internal.", serve.Output, StringComparison.Ordinal);
        Assert.Contains("; 200 rows written, 0 skipped below the watermark, 0 spilled to disk (peak memory ", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT stored", serve.Output, StringComparison.Ordinal);
        Assert.Equal(50, await db.CountAsync("candles"));
        Assert.Equal(50, await db.CountAsync("indicators"));
        Assert.Equal(50, await db.CountAsync("market_structure"));
        Assert.Equal(50, await db.CountAsync("strategy_signals"));

        var (run, runHealth) = await ServeFixture.StartReadyAsync(["sink", "run"],
            "--pipeline", fixture.PipelinePath, "--nats", server.Url, "--pg", db.ConnectionString, "--source", "role-test");
        using (run)
        {
            foreach (var m in outputs)
                publisher.Publish(in m);
            await engine.PingAsync(Ct);
            await ReceivedAsync(runHealth, outputs.Length, run);
            Assert.Equal(0, run.Interrupt(TimeSpan.FromSeconds(60)));
        }
        Assert.Contains("te sink run: 250 frames received, 0 rejected; 0 rows written, 200 skipped below the watermark, 0 spilled to disk", run.Output, StringComparison.Ordinal);
        Assert.Equal(50, await db.CountAsync("candles"));
        Assert.Equal(200L, await db.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM candles) + (SELECT count(*) FROM indicators) + (SELECT count(*) FROM market_structure) + (SELECT count(*) FROM strategy_signals)"));
    }

    // the role's own counter on --metrics, so the test stops it only after every frame arrived
    private static async Task ReceivedAsync(Uri health, int frames, Recovery.TeChildProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var scrape = "";
        await Eventually.TrueAsync(async () =>
        {
            scrape = await http.GetStringAsync(new Uri(health, "metrics"), Ct);
            return scrape.Contains($"te_sink_frames_received_total {frames}\n", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60), () => $"frames not all received:\n{scrape}\n{process.Output}");
    }
}
