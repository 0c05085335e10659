using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TradingEngine.Hosting.Observability;
using TradingEngine.IntegrationTests.Nats;
using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests.Observability;

/// <summary>
/// The real te binary with <c>--metrics</c> (issue 26): <c>te run</c> and <c>te publish</c> on a real nats-server of the test's own,
/// each serving /metrics, /healthz and /readyz on a free loopback port while it runs; te run with
/// <c>--log-format json</c> writes every stderr line as a JSON object, its NATS password masked.
/// </summary>
public sealed class MetricsCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Te_run_and_te_publish_serve_their_metrics_while_they_run()
    {
        await using var client = await Services.RequireNatsAsync();
        // a nats-server of its own: te publish republishes every internal output on its server as public JSON, and te run
        // takes every ES tick there, so on the shared server they duplicated other tests' outputs (NatsEndToEndTests
        // received 108,869 of 77,796 in a full run)
        await using var server = await NatsServerProcess.StartAsync(jetStream: false);
        var journal = Directory.CreateTempSubdirectory("te-metrics-cli-").FullName;
        try
        {
            int runPort = FreePort(), publishPort = FreePort();
            var run = TeProcess.RunAsync(["run", "--pipeline", "pipelines/es_futures.yaml", "--symbols", "ES", "--nats", server.Url,
                "--journal", journal, "--duration", "8", "--stats-interval", "0", "--metrics", $"127.0.0.1:{runPort}", "--log-format", "json"], timeout: TimeSpan.FromSeconds(120));
            var publish = TeProcess.RunAsync(["publish", "--nats", server.Url, "--duration", "8", "--metrics", $"127.0.0.1:{publishPort}"], timeout: TimeSpan.FromSeconds(120));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

            // both polled at once: each serves only while it runs (--duration counts from its start)
            async Task<PrometheusScrape> ScrapeWhenReadyAsync(int port, string role)
            {
                await Eventually.TrueAsync(async () =>
                {
                    try
                    {
                        using var ready = await http.GetAsync($"http://127.0.0.1:{port}/readyz", Ct);
                        return ready.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                }, TimeSpan.FromSeconds(90), () => $"{role} on port {port} never answered /readyz 200");
                using var health = await http.GetAsync($"http://127.0.0.1:{port}/healthz", Ct);
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                var scrape = PrometheusScrape.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/metrics", Ct));
                Assert.Equal(1, scrape.Value("te_up", ("role", role)));
                Assert.Equal(1, scrape.Value("te_nats_connected", ("connection", "external")));
                Assert.True(scrape.Value("process_resident_memory_bytes") > 0);
                return scrape;
            }
            var scrapes = await Task.WhenAll(ScrapeWhenReadyAsync(runPort, "engine"), ScrapeWhenReadyAsync(publishPort, "publish"));
            Assert.Equal(65536, scrapes[0].Value("te_ring_size", ("ring", "input:ES")));
            Assert.NotEmpty(scrapes[0].Find("te_tick_to_output_latency_seconds_bucket"));
            Assert.Single(scrapes[1].Find("te_published_total", ("layer", "public")));

            var ran = await run;
            var published = await publish;
            Assert.True(ran.ExitCode == 0, ran.ToString());
            Assert.True(published.ExitCode == 0, published.ToString());
            Assert.Contains($"metrics on http://127.0.0.1:{publishPort}/metrics", published.Error);
            // every stderr line of te run is one JSON object, among them its summary
            var lines = ran.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
            Assert.Contains(lines, line => JsonDocument.Parse(line).RootElement.GetProperty("message").GetString()!.StartsWith("summary: ", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(journal, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
