using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using TradingEngine.Hosting.Replay;
using TradingEngine.Dashboard.Server;
using TradingEngine.Dashboard.Streaming;
using TradingEngine.Engine.Simulation;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.IntegrationTests.Dashboard;

/// <summary>
/// <c>te replay --publish</c> into a real nats-server, <c>te dashboard</c>'s hub following that prefix, and a WebSocket
/// client: the stream carries exactly the replay's outputs in order, the snapshot holds its candles, a client resumes
/// after an event id, and the server asks for a token off loopback.
/// </summary>
public sealed class DashboardStreamTests
{
    [Fact]
    public async Task Replay_published_under_a_prefix_reaches_the_browser_stream_exactly_and_resumes_by_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = TestData.RepositoryRoot();
        await using var nats = await Services.RequireNatsAsync();
        var prefix = $"replay.t{Guid.NewGuid():N}";
        var symbols = new SymbolRegistry();
        var hub = new DashboardHub(symbols);
        await using var server = new DashboardServer(hub, new DashboardServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) });
        await server.StartAsync(ct);
        var subscriber = new InternalOutputSubscriber<DashboardOutputHandler>(nats, symbols, new DashboardOutputHandler(hub), prefix: prefix);
        await using var _ = subscriber;
        await subscriber.StartAsync(ct);
        // the live subjects stay silent: a replay never publishes there
        var live = new InternalOutputSubscriber<DashboardOutputHandler>(nats, new SymbolRegistry(), new DashboardOutputHandler(new DashboardHub(new SymbolRegistry())));
        await using var __ = live;
        await live.StartAsync(ct);

        var outPath = Path.Combine(Path.GetTempPath(), $"te-dashboard-{Guid.NewGuid():N}.jsonl");
        try
        {
            var publication = new ReplayPublication(nats, prefix);
            ReplayRunner.Run(new ReplayOptions
            {
                Synthetic = new SyntheticSessionOptions { TickCount = 20_000 },
                PipelinePath = Path.Combine(repo, "pipelines", "es_futures.yaml"),
                InstrumentsPath = Path.Combine(repo, "pipelines", "instruments.yaml"),
                OutPath = outPath,
                Publish = publication,
            });
            Assert.True(await publication.Current!.FlushAsync(ct));
            var expected = File.ReadAllLines(outPath).Select(Content).ToList();
            Assert.Equal(expected.Count, publication.Current.Published);
            Assert.Equal(0, publication.Current.Failed);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (hub.LastId < expected.Count && DateTime.UtcNow < deadline)
                await Task.Delay(50, ct);
            Assert.Equal(expected.Count, hub.LastId);
            Assert.Equal(0, subscriber.Rejected);
            Assert.Equal(0, live.Received);

            // from the start (since=0): every output, in order, as the replay wrote it
            await using (var client = await DashboardClient.ConnectAsync(server.Address, "since=0", ct))
            {
                var (hello, events, _) = await client.ReadAsync(expected.Count, ct);
                Assert.True(hello.GetProperty("hello").GetProperty("resumed").GetBoolean());
                Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), events.Select(e => e.GetProperty("id").GetInt64()));
                Assert.Equal(expected, events.Select(e => Content(e.GetProperty("m").GetRawText())));
            }

            // a page opened now: the snapshot holds every closed candle and structure event of the run
            var candles = expected.Where(e => e.Contains("\"type\":\"candle\"", StringComparison.Ordinal)).ToList();
            var gaps = expected.Where(e => e.Contains("\"type\":\"fair_value_gap\"", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(gaps);
            await using (var client = await DashboardClient.ConnectAsync(server.Address, "", ct))
            {
                var snapshotCount = hub.Snapshot().Count;
                var (hello, events, _) = await client.ReadAsync(snapshotCount, ct);
                Assert.False(hello.GetProperty("hello").GetProperty("resumed").GetBoolean());
                var contents = events.Select(e => Content(e.GetProperty("m").GetRawText())).ToList();
                Assert.Equal(candles, contents.Where(e => e.Contains("\"type\":\"candle\"", StringComparison.Ordinal)));
                Assert.Equal(gaps, contents.Where(e => e.Contains("\"type\":\"fair_value_gap\"", StringComparison.Ordinal)));
            }

            // resume after an id: exactly what came after it
            await using (var client = await DashboardClient.ConnectAsync(server.Address, $"since={expected.Count - 10}", ct))
            {
                var (hello, events, _) = await client.ReadAsync(10, ct);
                Assert.True(hello.GetProperty("hello").GetProperty("resumed").GetBoolean());
                Assert.Equal(Enumerable.Range(expected.Count - 9, 10).Select(i => (long)i), events.Select(e => e.GetProperty("id").GetInt64()));
            }
        }
        finally
        {
            File.Delete(outPath);
        }
    }

    [Fact]
    public async Task Off_loopback_the_dashboard_needs_a_token_and_refuses_requests_without_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var hub = new DashboardHub(new SymbolRegistry());
        var error = Assert.Throws<ArgumentException>(() => new DashboardServer(hub, new DashboardServerOptions { Listen = new IPEndPoint(IPAddress.Any, 0) }));
        Assert.Contains("needs a token", error.Message, StringComparison.Ordinal);

        const string token = "0123456789abcdef0123";
        await using var server = new DashboardServer(hub, new DashboardServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Token = token });
        await server.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = server.Address };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/stats", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/stats?token=wrong", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/stats?token={token}", ct)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stats");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.SendAsync(request, ct)).StatusCode); // read-only
    }

    [Fact]
    public async Task The_pipeline_graph_is_served_as_given_and_without_a_pipeline_there_is_no_content()
    {
        var ct = TestContext.Current.CancellationToken;
        var hub = new DashboardHub(new SymbolRegistry());
        await using (var without = new DashboardServer(hub, new DashboardServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }))
        {
            await without.StartAsync(ct);
            using var http = new HttpClient { BaseAddress = without.Address };
            Assert.Equal(HttpStatusCode.NoContent, (await http.GetAsync("/api/dag", ct)).StatusCode); // not 404: a browser logs that as an error
        }
        const string graph = "{\"pipeline\":\"p\",\"groups\":[],\"edges\":[]}\n";
        await using var server = new DashboardServer(hub, new DashboardServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Dag = graph });
        await server.StartAsync(ct);
        using var client = new HttpClient { BaseAddress = server.Address };
        using var response = await client.GetAsync("/api/dag", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(graph, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>A message without its metadata (source, node id): what the engine computed, whoever encoded it.</summary>
    private static string Content(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("metadata");
        return node.ToJsonString();
    }
}
