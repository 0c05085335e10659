using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using TradingEngine.Gateway;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Gateway;

/// <summary>
/// docs/gateway.openapi.json against the implementation: the documented endpoints are exactly the served ones, every error
/// code the gateway writes is in the document's enum (each reply of every gateway test is also checked by
/// <see cref="GatewayOpenApi.AssertConforms"/>); and the config file with a Kestrel HTTPS endpoint serves TLS.
/// </summary>
public sealed class GatewayOpenApiTests
{
    [Fact]
    public void The_document_lists_exactly_the_served_endpoints_and_error_codes()
    {
        var documented = GatewayOpenApi.Document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (m.Name.ToUpperInvariant(), p.Name)))
            .Order().ToList();
        Assert.Equal(GatewayRoutes.All.Order().ToList(), documented);

        var batchStatuses = GatewayOpenApi.Operation("POST", GatewayRoutes.Batches).GetProperty("responses").EnumerateObject()
            .Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture)).Where(s => s != 200).ToList();
        var codes = GatewayOpenApi.Document.GetProperty("components").GetProperty("schemas").GetProperty("Error").GetProperty("properties")
            .GetProperty("error").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        foreach (var status in batchStatuses)
            Assert.Contains(GatewayReply.ErrorCode(status), codes);
        Assert.Equal(codes.Order(), batchStatuses.Select(GatewayReply.ErrorCode).Distinct().Order());
        // the rows are the catalog's own schemas, not a copy
        var items = GatewayOpenApi.Document.GetProperty("components").GetProperty("schemas").GetProperty("Batch").GetProperty("properties")
            .GetProperty("messages").GetProperty("items").GetProperty("oneOf");
        foreach (var r in items.EnumerateArray())
            Assert.True(File.Exists(Path.Combine(TestData.RepositoryRoot(), "docs", r.GetProperty("$ref").GetString()!)), r.ToString());
    }

    [Fact]
    public async Task A_config_file_with_a_Kestrel_https_endpoint_serves_TLS()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        var dir = nats.Directory;
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(dir, "gw.crt"), cert.ExportCertificatePem(), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(dir, "gw.key"), key.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);
        }
        var port = NatsServerProcess.FreePort();
        var config = Path.Combine(dir, "gateway.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "stream": "GW_TEST",
              "max_rows": 500,
              "rate_limit": { "per_second": 100000, "burst": 200000 },
              "feeders": [ { "id": "nt8-a", "token_sha256": "{{FeederCredential.Hash(GatewayHarness.TokenA)}}", "symbols": ["SPY"] } ],
              "Kestrel": { "Endpoints": { "Https": { "Url": "https://127.0.0.1:{{port}}",
                "Certificate": { "Path": "{{Path.Combine(dir, "gw.crt")}}", "KeyPath": "{{Path.Combine(dir, "gw.key")}}" } } } }
            }
            """, TestContext.Current.CancellationToken);
        var (options, kestrel) = GatewayConfig.Load(config, new GatewayOptions { Nats = new NatsEndpoint { Url = nats.Url } });
        Assert.Equal(500, options.MaxRows);
        Assert.Equal(100000, options.RateLimitPerSecond);
        await using var server = await GatewayServer.StartAsync(options, kestrel, _ => { }, TestContext.Current.CancellationToken);
        Assert.Equal($"https://127.0.0.1:{port}", Assert.Single(server.Urls));

        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Subject == "CN=127.0.0.1" };
        using var http = new HttpClient(handler);
        var health = await http.GetAsync(new Uri($"https://127.0.0.1:{port}{GatewayRoutes.Health}"), TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)health.StatusCode);
        GatewayOpenApi.AssertConforms("GET", GatewayRoutes.Health, health, JsonDocument.Parse(await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement);
        // plain HTTP to the TLS port is not served
        using var plain = new HttpClient();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync(new Uri($"http://127.0.0.1:{port}{GatewayRoutes.Health}"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Config_errors_name_the_file_the_key_and_the_value()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{ "max_rows": -3, "feeders": [] }""");
            var ex = Assert.Throws<GatewayConfigException>(() => GatewayConfig.Load(file, new GatewayOptions()));
            Assert.Contains($"{file}: max_rows is -3, expected a positive integer", ex.Message, StringComparison.Ordinal);
            File.WriteAllText(file, """{ "feeders": [ { "id": "a", "token_sha256": "abc", "symbols": ["*"] } ] }""");
            Assert.Contains("token_sha256 of a is not 64 hex digits", Assert.Throws<GatewayConfigException>(() => GatewayConfig.Load(file, new GatewayOptions())).Message, StringComparison.Ordinal);
            File.WriteAllText(file, """{ "feeder": [] }""");
            Assert.Contains("unknown key 'feeder'", Assert.Throws<GatewayConfigException>(() => GatewayConfig.Load(file, new GatewayOptions())).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
