using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using NATS.Client.Core;
using TradingEngine.Dashboard.Server;
using TradingEngine.Dashboard.Streaming;
using TradingEngine.Hosting;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Dashboard;

/// <summary>
/// The live path end to end through a real nats-server: te run's engine (<see cref="NatsLiveEngine"/>), te dashboard
/// (hub, server, the internal-output and raw-tick subscribers, wired as <c>te dashboard</c> wires them) and the page in
/// Chromium. A tick published to <c>ticks.raw.{symbol}</c> must move the page's last candle within one second.
/// </summary>
public sealed class DashboardLiveTests
{
    private const string Pipeline = """
        pipeline: dashboard_live
        timeframes: [1m]
        tick_size: 0.25
        nodes:
          - id: close_1m
            kind: candle_field
            inputs: [candles:1m]
          - id: ema_1m
            kind: ema
            params: {period: 3}
            inputs: [close_1m]
            publish: true
        """;

    [Fact]
    public async Task A_tick_published_to_ticks_raw_moves_the_last_candle_on_the_page_within_one_second()
    {
        var ct = TestContext.Current.CancellationToken;
        var webRoot = await DashboardPage.RequireAsync();
        await using var nats = await Services.RequireNatsAsync();
        var dir = Directory.CreateTempSubdirectory("te-dashboard-live-").FullName;
        try
        {
            // an ES-like symbol of this test's own (tests share the server), trading around the clock
            var symbol = "ES" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
            var instruments = Path.Combine(dir, "instruments.yaml");
            await File.WriteAllTextAsync(instruments, $"""
                unknown_symbols: reject
                instruments:
                  - symbol: {symbol}
                    tick_size: 0.25
                    price_precision: 2
                    size_precision: 0
                    point_value: 50
                    currency: USD
                    session: {"{"}time_zone: Etc/UTC, open: "00:00", close: "00:00", anchor: "00:00"{"}"}
                """, ct);
            var pipeline = Path.Combine(dir, "pipeline.yaml");
            await File.WriteAllTextAsync(pipeline, Pipeline, ct);

            await using var engine = await NatsLiveEngine.StartAsync(new NatsLiveEngineOptions
            {
                PipelinePath = pipeline,
                InstrumentsPath = instruments,
                Symbols = [symbol],
                JournalDirectory = Path.Combine(dir, "journal"),
                External = new NatsEndpoint { Url = Services.NatsUrl, Name = "te-dashboard-live-engine" },
            }, ct);

            var symbols = new SymbolRegistry();
            var hub = new DashboardHub(symbols);
            await using var server = new DashboardServer(hub, new DashboardServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), WebRoot = webRoot });
            await server.StartAsync(ct);
            await using var outputs = new InternalOutputSubscriber<DashboardOutputHandler>(nats, symbols, new DashboardOutputHandler(hub));
            await outputs.StartAsync(ct);
            await using var ticks = new RawTickSubscriber<DashboardTickHandler>(nats, symbols, new DashboardTickHandler(hub));
            await ticks.StartAsync(ct);

            // two prints a minute apart: the second closes the first's candle, so the dashboard knows the 1m series
            var now = DateTime.UtcNow;
            var minute = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
            await PublishTickAsync(nats, symbol, minute.AddMinutes(-2).AddSeconds(1), 5000.00m, ct);
            await PublishTickAsync(nats, symbol, minute.AddMinutes(-1).AddSeconds(1), 5001.00m, ct);

            await using var chromium = await Chromium.LaunchAsync();
            var errors = new List<string>();
            var page = await chromium.NewPageAsync(errors, 1200, 700);
            await page.GotoAsync(server.Address.AbsoluteUri);
            var closedTime = new DateTimeOffset(minute.AddMinutes(-2)).ToUnixTimeSeconds();
            await page.WaitForFunctionAsync($"() => window.teDashboard && window.teDashboard.select('{symbol}', '1m') === undefined && window.teDashboard.candles().some(b => b.time === {closedTime})",
                null, new() { Timeout = 20_000, PollingInterval = 50 });

            // the measured tick: a price no candle had, in the current minute
            var price = 5003.25m;
            var text = price.ToString(CultureInfo.InvariantCulture);
            var clock = Stopwatch.StartNew();
            await PublishTickAsync(nats, symbol, DateTime.UtcNow, price, ct);
            await page.WaitForFunctionAsync($"() => {{ const c = window.teDashboard.candles(); return c.length > 0 && c[c.length - 1].close === {text}; }}",
                null, new() { Timeout = 5_000, PollingInterval = 5 });
            var elapsed = clock.Elapsed;
            TestContext.Current.TestOutputHelper?.WriteLine($"tick to the page's last candle: {elapsed.TotalMilliseconds:F0} ms");
            Assert.True(elapsed < TimeSpan.FromSeconds(1), $"the tick reached the page's last candle after {elapsed.TotalMilliseconds:F0} ms, expected under 1000 ms");

            var last = await page.EvaluateAsync<double[]>("() => { const c = window.teDashboard.candles(); const b = c[c.length - 1]; return [b.time, b.open, b.high, b.low, b.close]; }");
            var bucket = new DateTimeOffset(DateTime.UtcNow).ToUnixTimeSeconds() / 60 * 60;
            Assert.InRange(last[0], bucket - 60, bucket); // the current minute's candle (the minute may have turned meanwhile)
            Assert.Equal([(double)price, (double)price, (double)price], last[1..4]);
            Assert.Equal(0, ticks.Rejected);
            Assert.Empty(errors);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task PublishTickAsync(INatsConnection nats, string symbol, DateTime time, decimal price, CancellationToken ct)
    {
        var json = "{\"schema_version\":1,\"type\":\"tick\",\"symbol\":\"" + symbol + "\",\"timestamp\":\"" + time.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)
            + "\",\"data\":{\"price\":" + price.ToString(CultureInfo.InvariantCulture) + ",\"size\":1}}";
        await nats.PublishAsync(NatsSubjects.TicksRaw(symbol), Encoding.UTF8.GetBytes(json), cancellationToken: ct);
        await nats.PingAsync(ct);
    }
}
