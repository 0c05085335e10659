using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using TradingEngine.Gateway;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Gateway;

/// <summary>
/// A real nats-server (JetStream, own free port), a stream capturing the input subjects (limits retention, so the test
/// can read what the gateway stored), and <see cref="GatewayServer"/> on Kestrel at a free loopback port. Every reply is
/// checked against docs/gateway.openapi.json (<see cref="GatewayOpenApi"/>), and every log line is kept to look for tokens.
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    public const string StreamName = "GW_TEST";
    public const string TokenA = "feeder-a-secret-0123456789";
    public const string TokenB = "feeder-b-secret-9876543210";
    public const string FeederA = "nt8-a";
    public const string FeederB = "ib-b";

    private readonly List<string> _log = [];

    private GatewayHarness(NatsServerProcess nats, NatsConnection connection, GatewayOptions options)
    {
        Nats = nats;
        Connection = connection;
        Js = new NatsJSContext(connection);
        Options = options;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public NatsServerProcess Nats { get; }
    public NatsConnection Connection { get; }
    public NatsJSContext Js { get; }
    public GatewayOptions Options { get; private set; }
    public GatewayServer? Server { get; private set; }
    public HttpClient Http { get; }
    public Uri BaseUri => new(Server!.Urls[0]);

    public string Log
    {
        get
        {
            lock (_log)
                return string.Join('\n', _log);
        }
    }

    public static GatewayOptions DefaultOptions(string natsUrl) => new()
    {
        Urls = ["http://127.0.0.1:0"],
        Nats = new NatsEndpoint { Url = natsUrl, Name = "te-gateway-test" },
        StreamName = StreamName,
        MaxBodyBytes = 256 * 1024,
        MaxDecompressedBytes = 1024 * 1024,
        MaxRows = 1000,
        PublishTimeout = TimeSpan.FromSeconds(3),
        Feeders =
        [
            new FeederCredential(FeederA, FeederCredential.Hash(TokenA), new HashSet<string> { "SPY", "ES" }),
            new FeederCredential(FeederB, FeederCredential.Hash(TokenB), new HashSet<string> { "*" }),
        ],
    };

    public static async Task<GatewayHarness> StartAsync(Func<GatewayOptions, GatewayOptions>? configure = null, long streamMaxBytes = -1)
    {
        var nats = await NatsServerProcess.StartAsync();
        var connection = new NatsConnection(new NatsOpts { Url = nats.Url, MaxReconnectRetry = -1 });
        await connection.ConnectAsync();
        var options = DefaultOptions(nats.Url);
        options = configure?.Invoke(options) ?? options;
        var h = new GatewayHarness(nats, connection, options);
        await h.CreateStreamAsync(streamMaxBytes);
        await h.StartGatewayAsync();
        return h;
    }

    public Task CreateStreamAsync(long maxBytes = -1) =>
        Js.CreateOrUpdateStreamAsync(new StreamConfig(StreamName, ["ticks.raw.>", "quotes.raw.>", "candles.external.>"])
        {
            Storage = StreamConfigStorage.File,
            DuplicateWindow = TimeSpan.FromMinutes(2),
            MaxBytes = maxBytes,
            Discard = StreamConfigDiscard.New,
        }).AsTask();

    public async Task StartGatewayAsync()
    {
        Server = await GatewayServer.StartAsync(Options, null, line =>
        {
            lock (_log)
                _log.Add(line);
        });
    }

    public async Task StopGatewayAsync()
    {
        if (Server is { } s)
            await s.DisposeAsync();
        Server = null;
    }

    /// <summary>Posts a body (a string: UTF-8 JSON) and checks the reply against the OpenAPI document.</summary>
    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string? token, string body, bool gzip = false,
        string contentType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        if (gzip)
        {
            using var ms = new MemoryStream();
            await using (var z = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
                await z.WriteAsync(bytes);
            bytes = ms.ToArray();
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri, GatewayRoutes.Batches)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (gzip)
            request.Content.Headers.ContentEncoding.Add("gzip");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await Http.SendAsync(request);
        return await CheckedAsync("POST", GatewayRoutes.Batches, response);
    }

    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string path) =>
        await CheckedAsync("GET", path, await Http.GetAsync(new Uri(BaseUri, path)));

    private static async Task<(int, JsonElement, HttpResponseMessage)> CheckedAsync(string method, string path, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement.Clone();
        GatewayOpenApi.AssertConforms(method, path, response, body);
        return ((int)response.StatusCode, body, response);
    }

    public static string Batch(string feeder, string session, long sequence, IEnumerable<string> messages) =>
        $$"""{"feeder":"{{feeder}}","session":"{{session}}","sequence":{{sequence}},"messages":[{{string.Join(',', messages)}}]}""";

    /// <summary>Every message in the stream, in stream order: (subject, payload, Nats-Msg-Id).</summary>
    public async Task<List<(string Subject, string Payload, string? MsgId)>> StreamAsync()
    {
        var info = await Js.GetStreamAsync(StreamName);
        var count = (int)info.Info.State.Messages;
        var list = new List<(string, string, string?)>(count);
        if (count == 0)
            return list;
        var consumer = await Js.CreateOrderedConsumerAsync(StreamName);
        await foreach (var m in consumer.ConsumeAsync(NatsRawSerializer<byte[]>.Default))
        {
            list.Add((m.Subject, Encoding.UTF8.GetString(m.Data ?? []), m.Headers?["Nats-Msg-Id"].ToString()));
            if (list.Count == count)
                break;
        }
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopGatewayAsync();
        await Connection.DisposeAsync();
        await Nats.DisposeAsync();
    }
}
