using System.Net;
using TradingEngine.Hosting.Observability;

namespace TradingEngine.Tests.Hosting.Observability;

public sealed class MetricsEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Source : IMetricsSource
    {
        public bool Ready { get; set; }

        public void WriteMetrics(PrometheusTextWriter writer)
        {
            writer.Family("te_test_total", "counter", "a test counter");
            writer.Sample("te_test_total", "reason", "x", 42);
        }

        public HealthStatus Health() => HealthStatus.Up("running");

        public HealthStatus Readiness() => Ready ? HealthStatus.Up("caught up") : HealthStatus.Down("recovering");
    }

    [Fact]
    public async Task Metrics_health_and_readiness_answer_over_http_and_anything_else_is_404()
    {
        var source = new Source();
        await using var endpoint = MetricsEndpoint.Start(new MetricsAddress(IPAddress.Loopback, 0), source);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{endpoint.Address}/") };

        using var metrics = await http.GetAsync("metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", metrics.Content.Headers.ContentType!.ToString());
        var scrape = PrometheusScrape.Parse(await metrics.Content.ReadAsStringAsync(Ct));
        Assert.Equal(42, scrape.Value("te_test_total", ("reason", "x")));
        Assert.True(scrape.Value("process_resident_memory_bytes") > 0);
        Assert.Equal(3, scrape.Find("dotnet_gc_collections_total").Count());

        using var health = await http.GetAsync("healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var notReady = await http.GetAsync("readyz", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("recovering", await notReady.Content.ReadAsStringAsync(Ct));
        source.Ready = true;
        using var ready = await http.GetAsync("readyz", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var missing = await http.GetAsync("nothing", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_port_in_use_is_an_error_naming_the_address()
    {
        await using var first = MetricsEndpoint.Start(new MetricsAddress(IPAddress.Loopback, 0), new Source());
        var error = Assert.Throws<IOException>(() => MetricsEndpoint.Start(first.Address, new Source()));
        Assert.Contains(first.Address.ToString(), error.Message);
    }
}
