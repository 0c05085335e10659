using System.Buffers;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradingEngine.Configuration;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Gateway;

/// <summary>
/// The HTTP ingestion gateway (docs/gateway.md): Kestrel serving <see cref="GatewayRoutes"/>; authentication, content
/// checks, size limits and the concurrency limit here, the batch itself in <see cref="BatchProcessor"/>. HTTPS endpoints
/// and certificates come from the config's <c>Kestrel</c> section. Log lines name feeders, never tokens.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly GatewayOptions _options;
    private readonly WebApplication _app;
    private readonly GatewayJetStream _nats;
    private readonly BatchProcessor _processor;
    private readonly FeederAuthenticator _auth;
    private readonly Action<string> _log;
    private readonly IReadOnlyList<string> _readySubjects;
    private int _inFlight;

    private GatewayServer(GatewayOptions options, WebApplication app, GatewayJetStream nats, BatchProcessor processor, Action<string> log)
    {
        _options = options;
        _app = app;
        _nats = nats;
        _processor = processor;
        _auth = new FeederAuthenticator(options.Feeders);
        _log = log;
        _readySubjects = ReadySubjects(options.Feeders);
    }

    public GatewayCounters Counters => _processor.Counters;

    /// <summary>Rows dead-lettered since start.</summary>
    public long DeadLettered => _nats.DeadLetterCounters.DeadLetteredCount;

    /// <summary>The addresses Kestrel listens on (the real port when a URL asked for port 0).</summary>
    public IReadOnlyList<string> Urls { get; private set; } = [];

    /// <summary>Connects to NATS (refused: <see cref="NatsConnectionRefusedException"/>), then starts Kestrel.</summary>
    public static async Task<GatewayServer> StartAsync(GatewayOptions options, IConfiguration? kestrel, Action<string> log, CancellationToken cancellationToken = default)
    {
        var symbols = new SymbolRegistry();
        var instruments = options.InstrumentsPath is { } path ? InstrumentRegistry.Load(path, symbols) : null;
        var decoder = new JsonMessageDecoder(symbols, instruments);
        var nats = await GatewayJetStream.ConnectAsync(options.Nats, options.StreamName, options.MarkBucket, options.PublishTimeout, cancellationToken, options.MarkReplicas)
            .ConfigureAwait(false);
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseKestrelHttpsConfiguration();
            var hasEndpoints = kestrel?.GetSection("Endpoints").GetChildren().Any() == true;
            builder.WebHost.ConfigureKestrel(k =>
            {
                if (hasEndpoints)
                    k.Configure(kestrel!);
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            });
            if (!hasEndpoints)
                builder.WebHost.UseUrls([.. options.Urls]);
            var app = builder.Build();
            var server = new GatewayServer(options, app, nats, new BatchProcessor(options, nats, decoder, new GatewayCounters(), log), log);
            app.MapPost(GatewayRoutes.Batches, server.BatchAsync);
            app.MapGet(GatewayRoutes.Health, server.HealthAsync);
            app.MapGet(GatewayRoutes.Ready, server.ReadyAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            server.Urls = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];
            return server;
        }
        catch
        {
            await nats.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The subjects that must be captured by a stream for the gateway to be ready: the tick subject of every symbol a
    /// feeder may send (none when one may send any symbol: then the configured stream is checked).
    /// </summary>
    internal static IReadOnlyList<string> ReadySubjects(IReadOnlyList<FeederCredential> feeders) =>
        feeders.Any(f => f.AllowsAnySymbol)
            ? []
            : feeders.SelectMany(f => f.Symbols).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(NatsSubjects.TicksRaw).ToArray();

    private Task HealthAsync(HttpContext context) => WriteAsync(context, Status(200, "ok", "the gateway process is running"));

    private async Task ReadyAsync(HttpContext context)
    {
        var (ready, detail) = await _nats.ReadinessAsync(_readySubjects, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, ready ? Status(200, "ready", detail) : GatewayReply.Error(503, "unavailable", detail, _options.RetryAfterSeconds)).ConfigureAwait(false);
    }

    private async Task BatchAsync(HttpContext context)
    {
        var reply = await ReceiveAsync(context).ConfigureAwait(false);
        _processor.Counters.OnResponse(reply.Status);
        await WriteAsync(context, reply).ConfigureAwait(false);
    }

    private async Task<GatewayReply> ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        var feeder = _auth.Authenticate(request.Headers.Authorization.ToString(), out var problem);
        if (feeder is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            _log($"401 from {context.Connection.RemoteIpAddress}: {problem}");
            return GatewayReply.Error(401, "unauthorized", problem!);
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !string.Equals(type.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            return GatewayReply.Error(415, "unsupported_media_type", $"Content-Type is '{request.ContentType}', expected application/json");
        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            return GatewayReply.Error(415, "unsupported_media_type", $"Content-Encoding is '{encoding}', expected gzip or none");
        if (request.ContentLength > _options.MaxBodyBytes)
            return GatewayReply.Error(413, "too_large", $"the body is {request.ContentLength} bytes, the limit is {_options.MaxBodyBytes} (max_body_bytes)");
        if (Interlocked.Increment(ref _inFlight) > _options.MaxConcurrentBatches)
        {
            Interlocked.Decrement(ref _inFlight);
            return GatewayReply.Error(429, "rate_limited", $"{_options.MaxConcurrentBatches} batches are already being processed (max_concurrent_batches)", 1);
        }
        try
        {
            PooledBody body;
            try
            {
                body = await ReadBodyAsync(request.Body, gzip, request.ContentLength, context.RequestAborted).ConfigureAwait(false);
            }
            catch (BodyTooLargeException ex)
            {
                return GatewayReply.Error(413, "too_large", ex.Message);
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex) when (ex.StatusCode == 413)
            {
                return GatewayReply.Error(413, "too_large", $"the body exceeds {_options.MaxBodyBytes} bytes (max_body_bytes)");
            }
            catch (InvalidDataException ex)
            {
                return GatewayReply.Error(400, "malformed_batch", $"the gzip body could not be decompressed: {ex.Message}");
            }
            GatewayReply reply;
            using (body)
                reply = await _processor.ProcessAsync(feeder, body.Memory, context.RequestAborted).ConfigureAwait(false);
            if (reply.Status != 200)
                _log($"{reply.Status} to feeder {feeder.Id}: {Encoding.UTF8.GetString(reply.Json.Span)}");
            return reply;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<PooledBody> ReadBodyAsync(Stream body, bool gzip, long? contentLength, CancellationToken cancellationToken)
    {
        var limit = gzip ? _options.MaxDecompressedBytes : _options.MaxBodyBytes;
        await using var source = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : null;
        var input = (Stream?)source ?? body;
        // a plain body's length is known; a gzip one inflates several times (JSON rows compress about 5:1)
        var expected = contentLength is > 0 and <= int.MaxValue / 8 ? (int)contentLength.Value * (gzip ? 6 : 1) + 1 : 64 * 1024;
        var buffer = new PooledBody((int)Math.Min(expected, limit + 1));
        try
        {
            while (true)
            {
                var n = await input.ReadAsync(buffer.GetMemory(1), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                    return buffer;
                buffer.Advance(n);
                if (buffer.Length > limit)
                {
                    throw new BodyTooLargeException(gzip
                        ? $"the body decompresses to more than {limit} bytes (max_decompressed_bytes)"
                        : $"the body exceeds {limit} bytes (max_body_bytes)");
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static GatewayReply Status(int status, string text, string detail)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("status", text);
            w.WriteString("detail", detail);
            w.WriteEndObject();
        }
        return new GatewayReply(status, buffer.WrittenMemory);
    }

    private static async Task WriteAsync(HttpContext context, GatewayReply reply)
    {
        var response = context.Response;
        response.StatusCode = reply.Status;
        response.ContentType = "application/json";
        if (reply.RetryAfterSeconds > 0)
            response.Headers.RetryAfter = reply.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.ContentLength = reply.Json.Length;
        await response.Body.WriteAsync(reply.Json, context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _nats.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class BodyTooLargeException(string message) : Exception(message);
}
