using System.Net;
using TradingEngine.Hosting.Health;

namespace TradingEngine.Tests.Hosting.Health;

/// <summary>
/// The roles' health endpoint over a real socket: <c>/healthz</c> 200 while it runs, <c>/readyz</c> 503 with the reason
/// until the role is ready and while its check fails or it stops, 404 elsewhere; and the <c>--metrics</c> address forms.
/// </summary>
public sealed class HealthEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_answers_while_running_and_readyz_follows_the_roles_state()
    {
        var state = new HealthState();
        await using var endpoint = HealthEndpoint.Start(new IPEndPoint(IPAddress.Loopback, 0), state);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{endpoint.Endpoint}") };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", Ct)).StatusCode);
        var starting = await http.GetAsync("/readyz", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        Assert.Contains("starting", await starting.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var connected = false;
        state.SetReady(() => connected);
        var disconnected = await http.GetAsync("/readyz", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, disconnected.StatusCode);
        Assert.Contains("not connected", await disconnected.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        connected = true;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz", Ct)).StatusCode);

        state.SetStopping();
        var stopping = await http.GetAsync("/readyz", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stopping.StatusCode);
        Assert.Contains("stopping", await stopping.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metricz", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_port_in_use_is_an_error_naming_it()
    {
        await using var first = HealthEndpoint.Start(new IPEndPoint(IPAddress.Loopback, 0), new HealthState());
        var ex = Assert.Throws<IOException>(() => HealthEndpoint.Start(first.Endpoint, new HealthState()));
        Assert.Contains(first.Endpoint.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(":9464", "127.0.0.1:9464")]
    [InlineData("0.0.0.0:9464", "0.0.0.0:9464")]
    [InlineData("localhost:1", "127.0.0.1:1")]
    [InlineData("[::1]:9464", "[::1]:9464")]
    public void Metrics_address_forms(string text, string expected)
    {
        Assert.True(HealthAddress.TryParse(text, out var endpoint, out var error), error);
        Assert.Equal(expected, endpoint.ToString());
    }

    [Theory]
    [InlineData("9464", "is not HOST:PORT")]
    [InlineData(":0", "port '0'")]
    [InlineData(":70000", "port '70000'")]
    [InlineData("example.com:9464", "host 'example.com'")]
    public void Bad_metrics_addresses_are_named(string text, string expected)
    {
        Assert.False(HealthAddress.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
