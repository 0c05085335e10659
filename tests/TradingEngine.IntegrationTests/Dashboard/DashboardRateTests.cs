using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using TradingEngine.Dashboard.Server;
using TradingEngine.Dashboard.Streaming;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Dashboard;

/// <summary>
/// The page against a stream rate: outputs published into te dashboard's hub paced at <see cref="DefaultRate"/> per
/// second (<c>TE_DASHBOARD_PAGE_RATE</c> sets another, e.g. issue 24's 50 000) for three seconds (per minute of market time one closed 1m candle, two moving averages and 39 node values, a fair value gap
/// every tenth minute: the ES pipeline's ratio of indicator outputs to candles), the page in Chromium applying them
/// once per animation frame. Measured: the rate the publisher reached, and the age of the oldest output the page has
/// not applied yet (sampled every 200 ms while publishing, and when it has caught up). Asserted in the test command:
/// the page applies every output and draws every candle, is never asked to resync, and logs no error; the lag figures
/// are printed, not asserted (they are the machine's: a timed bar in the test command fails on a loaded machine, and
/// performance is measured by the perf harness, not by tests). With <c>TE_DASHBOARD_PAGE_RATE</c> set (a measurement
/// run) the page's bar is asserted as well (<see cref="MaxLag"/>, <see cref="MaxCatchUp"/>; docs/dashboard.md): the
/// oldest output not yet on the page is younger than half a second at every sample, and the page has the last output
/// within a quarter of a second of its publication.
/// </summary>
public sealed class DashboardRateTests
{
    /// <summary>The test command's rate (docs/dashboard.md has the figures of other rates).</summary>
    public const int DefaultRate = 2_000;
    /// <summary>How long the stream runs: 3 s, or <c>TE_DASHBOARD_PAGE_SECONDS</c> in a measurement run (a longer run shows whether the lag grows).</summary>
    private static double Seconds =>
        double.TryParse(Environment.GetEnvironmentVariable("TE_DASHBOARD_PAGE_SECONDS"), CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 120 ? s : 3;

    /// <summary>Keeping up, in a measurement run: the oldest output the page has not applied is younger than this at every sample…</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromMilliseconds(500);

    /// <summary>… and the page has applied the last output within this of its publication.</summary>
    public static readonly TimeSpan MaxCatchUp = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task The_page_applies_every_output_of_a_paced_stream_without_a_resync()
    {
        var measuring = int.TryParse(Environment.GetEnvironmentVariable("TE_DASHBOARD_PAGE_RATE"), CultureInfo.InvariantCulture, out var r) && r > 0;
        var rate = measuring ? r : DefaultRate;
        var ct = TestContext.Current.CancellationToken;
        var webRoot = await DashboardPage.RequireAsync();
        var symbols = new SymbolRegistry();
        var es = symbols.GetOrAdd("ES");
        var hub = new DashboardHub(symbols);
        await using var server = new DashboardServer(hub, new DashboardServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), WebRoot = webRoot });
        await server.StartAsync(ct);
        await using var chromium = await Chromium.LaunchAsync();
        var errors = new List<string>();
        var page = await chromium.NewPageAsync(errors, 1400, 800);
        await page.GotoAsync(server.Address.AbsoluteUri);
        await page.WaitForFunctionAsync("() => window.teDashboard && document.getElementById('status').textContent.startsWith('live')", null, new() { Timeout = 20_000 });

        // TE_DASHBOARD_PAGE_PROFILE=FILE (a measurement run): the page's main thread sampled by V8's profiler while
        // publishing, saved as a .cpuprofile (Chrome DevTools' format) to see where its time goes
        var profilePath = Environment.GetEnvironmentVariable("TE_DASHBOARD_PAGE_PROFILE");
        ICDPSession? cdp = null;
        if (!string.IsNullOrEmpty(profilePath))
        {
            cdp = await page.Context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Profiler.enable");
            await cdp.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 200 });
            await cdp.SendAsync("Profiler.start");
        }
        // TE_DASHBOARD_PAGE_TRACE=FILE: a Chromium trace of the run (layout, paint, GC, tasks; chrome://tracing's format)
        var tracePath = Environment.GetEnvironmentVariable("TE_DASHBOARD_PAGE_TRACE");
        var traceEvents = new List<string>();
        var traced = new TaskCompletionSource();
        ICDPSession? tracing = null;
        if (!string.IsNullOrEmpty(tracePath))
        {
            tracing = await page.Context.NewCDPSessionAsync(page);
            tracing.Event("Tracing.dataCollected").OnEvent += (_, e) =>
            {
                foreach (var v in e!.Value.GetProperty("value").EnumerateArray())
                    traceEvents.Add(v.GetRawText());
            };
            tracing.Event("Tracing.tracingComplete").OnEvent += (_, _) => traced.TrySetResult();
            await tracing.SendAsync("Tracing.start", new Dictionary<string, object>
            {
                ["transferMode"] = "ReportEvents",
                ["traceConfig"] = new Dictionary<string, object> { ["includedCategories"] = new[] { "devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink", "toplevel", "__metadata" } },
            });
        }

        var messages = Messages(es, Math.Max(42, (int)(rate * Seconds)));
        var published = new double[messages.Length + 1]; // when output id was published, ms since the epoch (the page's clock too)
        var count = 0;
        var publisher = Task.Factory.StartNew(() =>
        {
            var start = Stopwatch.GetTimestamp();
            while (count < messages.Length)
            {
                var due = Math.Min(messages.Length, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
                var now = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
                for (; count < due; count++)
                {
                    hub.Publish(in messages[count]);
                    published[count + 1] = now;
                }
                Volatile.Write(ref count, count);
                Thread.Sleep(1);
            }
            return Stopwatch.GetElapsedTime(start);
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var worst = TimeSpan.Zero;
        var readAt = 0.0;
        var samples = 0;
        async Task<long> SampleAsync()
        {
            // the page reads its own position and clock: the age is that of the oldest output it had not applied then
            var at = await page.EvaluateAsync<double[]>("() => window.teDashboard.lastIdAt()");
            var applied = (long)at[0];
            readAt = at[1];
            var upTo = Volatile.Read(ref count);
            if (applied < upTo && published[applied + 1] != 0)
            {
                var age = TimeSpan.FromMilliseconds(at[1] - published[applied + 1]);
                if (age > worst)
                    worst = age;
            }
            samples++;
            return applied;
        }
        while (!publisher.IsCompleted)
        {
            await SampleAsync();
            await Task.Delay(200, ct);
        }
        var publishing = await publisher;
        var end = Stopwatch.GetTimestamp();
        while (await SampleAsync() < messages.Length && Stopwatch.GetElapsedTime(end) < TimeSpan.FromSeconds(10))
            await Task.Delay(20, ct);
        if (cdp is not null)
        {
            var profile = await cdp.SendAsync("Profiler.stop");
            await File.WriteAllTextAsync(profilePath!, profile!.Value.GetProperty("profile").GetRawText(), ct);
        }
        if (tracing is not null)
        {
            await tracing.SendAsync("Tracing.end");
            await traced.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            await File.WriteAllTextAsync(tracePath!, "[" + string.Join(",\n", traceEvents) + "]", ct);
        }
        var catchUp = TimeSpan.FromMilliseconds(readAt - published[messages.Length]); // at most: the first read that saw the last output
        var reached = messages.Length / publishing.TotalSeconds;
        var stats = hub.Stats();
        var frames = await page.EvaluateAsync<double[]>("() => { const c = window.teDashboard.frameCost(); return [c.frames, c.maxMs, c.totalMs, c.draws, c.bytes]; }");
        var kept = hub.Snapshot(); // the same outputs as full frames {"id":N,"m":…}, for the size the compact batches save
        var fullBytes = kept.Sum(e => e.Frame.Length + 1.0) / kept.Count;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"published {messages.Length:N0} outputs in {publishing.TotalMilliseconds:F0} ms ({reached.ToString("N0", CultureInfo.InvariantCulture)}/s, paced at {rate:N0}/s); "
            + $"oldest output not yet on the page: {worst.TotalMilliseconds:F0} ms at worst over {samples} samples; caught up {catchUp.TotalMilliseconds:F0} ms after the last; resyncs {stats.Resyncs}, forming dropped {stats.DroppedForming}; "
            + $"page: {frames[0]:F0} busy frames, {frames[2]:F0} ms applying and drawing in all, {frames[1]:F0} ms the longest, {frames[3]:F0} draws; "
            + $"stream: {frames[4] / messages.Length:F1} bytes per output (as full frames: {fullBytes:F1})");

        var applied = await page.EvaluateAsync<long>("() => window.teDashboard.lastId()");
        if (measuring)
        {
            // the benchmark's verdict (issue 24: the page keeps up with the engine's rate): the rate reached (95 % of
            // the paced one: a starved publisher does not count as a pass), no resync, every output applied, the
            // oldest output not yet on the page under MaxLag throughout, and the last one on the page within MaxCatchUp
            var met = reached >= rate * 0.95 && stats.Resyncs == 0 && applied == messages.Length && worst < MaxLag && catchUp < MaxCatchUp;
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"# bar {(met ? "met   " : "MISSED")} page keeps up at {rate:N0} outputs/s: reached {reached:N0}/s, worst lag {worst.TotalMilliseconds:F0} ms, caught up {catchUp.TotalMilliseconds:F0} ms, resyncs {stats.Resyncs}, frame cost {frames[2]:F0} ms in {frames[0]:F0} frames; load average {LoadAverage()}");
        }
        Assert.Equal(0, stats.Resyncs);
        Assert.Equal(messages.Length, applied);
        if (measuring)
        {
            Assert.True(worst < MaxLag, $"the page fell {worst.TotalMilliseconds:F0} ms behind the stream at {reached:F0} outputs/s, expected under {MaxLag.TotalMilliseconds:F0} ms");
            Assert.True(catchUp < MaxCatchUp, $"the page applied the last output {catchUp.TotalMilliseconds:F0} ms after it was published, expected under {MaxCatchUp.TotalMilliseconds:F0} ms");
        }
        Assert.Equal(messages.Length / 42, (await page.EvaluateAsync<double[]>("() => window.teDashboard.candles().map(b => b.time)")).Length);
        Assert.Empty(errors);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary><paramref name="count"/> outputs, 42 per minute of market time from 2024-01-02 15:00 UTC.</summary>
    private static OutputMessage[] Messages(SymbolId es, int count)
    {
        var list = new OutputMessage[count / 42 * 42];
        var t0 = new DateTimeOffset(2024, 1, 2, 15, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
        for (var minute = 0; minute < list.Length / 42; minute++)
        {
            var open = t0 + minute * Timeframe.OneMinute.Nanos;
            var close = open + Timeframe.OneMinute.Nanos;
            var price = 480000 + (minute % 40) * 25;
            var i = minute * 42;
            list[i++] = OutputMessage.From(new Candle
            {
                Symbol = es, Timeframe = Timeframe.OneMinute, OpenTime = open, CloseTime = close, PricePrecision = 2,
                OpenRaw = price, HighRaw = price + 100, LowRaw = price - 100, CloseRaw = price + 25, VolumeRaw = 1234, TickCount = 200, Flags = CandleFlags.Closed,
            }, -1);
            list[i++] = OutputMessage.From(new MovingAverage { Symbol = es, Timeframe = Timeframe.OneMinute, EventTime = close, Kind = MovingAverageKind.Ema, Period = 9, Value = price / 100.0 + 0.5 }, 1);
            list[i++] = OutputMessage.From(new MovingAverage { Symbol = es, Timeframe = Timeframe.OneMinute, EventTime = close, Kind = MovingAverageKind.Ema, Period = 21, Value = price / 100.0 - 0.5 }, 2);
            for (var k = 0; k < 39; k++)
            {
                list[i++] = minute % 10 == 0 && k == 0
                    ? OutputMessage.From(new FairValueGap { Direction = StructureDirection.Bullish, State = ZoneState.Active, Symbol = es, Timeframe = Timeframe.OneMinute, EventTime = close, PricePrecision = 2, TopRaw = price + 100, BottomRaw = price, FormedTime = close }, 12)
                    : OutputMessage.From(new NodeValue { Symbol = es, Timeframe = Timeframe.OneMinute, EventTime = close, Value = 4800.125 + k }, 3 + k % 7);
            }
        }
        return list;
    }
}
