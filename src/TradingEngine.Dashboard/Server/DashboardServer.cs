using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradingEngine.Dashboard.Streaming;

namespace TradingEngine.Dashboard.Server;

/// <summary>
/// <c>te dashboard</c>'s web server (ASP.NET Core, Kestrel): the page at <c>/</c>, the snapshot at <c>/api/snapshot</c>,
/// the hub's counters at <c>/api/stats</c>, the pipeline's graph at <c>/api/dag</c>, and the live stream at <c>/stream</c> (WebSocket; <c>?since=ID</c> resumes
/// after an event id). Read-only: nothing a client sends changes anything. Each WebSocket text message is either a
/// control object (<c>{"hello":…}</c> first, <c>{"resync":ID}</c> before a close when the client fell behind) or a
/// batch of events in id order in their compact form (<see cref="CompactShapes"/>):
/// <c>{"n":COUNT,"s":[[SHAPE_ID,SHAPE],…],"r":[[ID,SHAPE_ID,VALUE,…],[GAP,SHAPE_ID,VALUE,…],…]}</c>, where <c>s</c>
/// holds the shapes this connection has not received yet, the first row carries its event id and each later row the
/// difference to the previous row's id. <c>/api/snapshot</c> stays a JSON array of full frames <c>{"id":ID,"m":MESSAGE}</c>.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly DashboardHub _hub;
    private readonly DashboardServerOptions _options;
    private readonly byte[]? _token;
    private WebApplication? _app;

    public DashboardServer(DashboardHub hub, DashboardServerOptions options)
    {
        options.Validate();
        _hub = hub;
        _options = options;
        _token = options.Token is { Length: > 0 } t ? Encoding.UTF8.GetBytes(t) : null;
    }

    /// <summary>The address it listens on (http://127.0.0.1:PORT), once started.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(_options.Listen));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Run(HandleAsync);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!Authorized(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("a token is required: Authorization: Bearer TOKEN or ?token=TOKEN\n").ConfigureAwait(false);
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed; // read-only
            return;
        }
        var path = context.Request.Path.Value ?? "/";
        switch (path)
        {
            case "/stream":
                await StreamAsync(context).ConfigureAwait(false);
                return;
            case "/api/snapshot":
                context.Response.ContentType = "application/json";
                await WriteArrayAsync(context.Response.Body, _hub.Snapshot(), context.RequestAborted).ConfigureAwait(false);
                return;
            case "/api/dag":
                if (_options.Dag is null)
                {
                    // no --pipeline: nothing to draw (204, not 404: a browser logs a failed fetch as a console error)
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return;
                }
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(_options.Dag).ConfigureAwait(false);
                return;
            case "/api/stats":
                var s = _hub.Stats();
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{{\"last_id\":{s.LastId},\"clients\":{s.Clients},\"dropped_forming\":{s.DroppedForming},\"resyncs\":{s.Resyncs},\"rejected\":{s.Rejected},\"clients_behind\":{s.ClientsBehind},\"ticks\":{{\"folded\":{s.Ticks.Folded},\"no_series\":{s.Ticks.NoSeries},\"late\":{s.Ticks.Late},\"unscalable\":{s.Ticks.Unscalable}}}}}")).ConfigureAwait(false);
                return;
            default:
                await StaticAsync(context, path).ConfigureAwait(false);
                return;
        }
    }

    private bool Authorized(HttpRequest request)
    {
        if (_token is null)
            return true;
        string? given = null;
        if (request.Headers.Authorization.ToString() is { } h && h.StartsWith("Bearer ", StringComparison.Ordinal))
            given = h["Bearer ".Length..];
        else if (request.Query.TryGetValue("token", out var q))
            given = q.ToString();
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token);
    }

    private async Task StaticAsync(HttpContext context, string path)
    {
        var root = _options.WebRoot;
        var name = path == "/" ? "index.html" : path.TrimStart('/');
        if (root is null || name.Contains("..", StringComparison.Ordinal) || !File.Exists(Path.Combine(root, name)))
        {
            if (path == "/")
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync($"the dashboard page is not built{(root is null ? "" : $" (no {Path.Combine(root, "index.html")})")}: npm ci && npm run build in src/TradingEngine.Dashboard/web; the stream is at /stream, the snapshot at /api/snapshot\n").ConfigureAwait(false);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".json" => "application/json",
            ".png" => "image/png",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        await context.Response.SendFileAsync(Path.Combine(root, name), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("/stream is a WebSocket\n").ConfigureAwait(false);
            return;
        }
        long? since = long.TryParse(context.Request.Query["since"].ToString(), out var s) ? s : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var client = _hub.Attach(since, out var initial, out var resumed);
        var ct = context.RequestAborted;
        var reader = DiscardIncomingAsync(socket, ct);
        var buffer = new MemoryStream(1 << 16);
        var sentShapes = new HashSet<int>();
        long lastSent = initial.Count > 0 ? initial[^1].Id : since ?? 0;
        try
        {
            var hello = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{{\"hello\":{{\"resumed\":{(resumed ? "true" : "false")},\"events\":{initial.Count},\"last_id\":{(initial.Count > 0 ? initial[^1].Id : since ?? 0)}}}}}");
            await socket.SendAsync(Encoding.UTF8.GetBytes(hello), WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
            for (var i = 0; i < initial.Count; i += _options.MaxBatch)
                await SendBatchAsync(socket, buffer, sentShapes, initial.GetRange(i, Math.Min(_options.MaxBatch, initial.Count - i)), ct).ConfigureAwait(false);
            var batch = new List<DashboardEvent>(_options.MaxBatch);
            var sentAt = 0L;
            while (socket.State == WebSocketState.Open && !reader.IsCompleted)
            {
                await Task.WhenAny(client.WaitAsync(ct), reader).ConfigureAwait(false);
                // soon after the last send, let the events of about a frame gather into one message
                var wait = _options.MinSendInterval - Stopwatch.GetElapsedTime(sentAt);
                if (sentAt != 0 && wait > TimeSpan.Zero && client.Count < _options.MaxBatch && !client.Behind && !client.IsClosed)
                    await Task.WhenAny(Task.Delay(wait, ct), reader).ConfigureAwait(false);
                batch.Clear();
                client.Drain(batch, _options.MaxBatch);
                // events queued before an overflow are older than it: skip those already in the initial events
                batch.RemoveAll(e => e.Id <= lastSent);
                if (batch.Count > 0)
                {
                    await SendBatchAsync(socket, buffer, sentShapes, batch, ct).ConfigureAwait(false);
                    sentAt = Stopwatch.GetTimestamp();
                    lastSent = batch[^1].Id;
                    continue;
                }
                if (client.Behind)
                {
                    var resync = Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"resync\":{lastSent}}}"));
                    await socket.SendAsync(resync, WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "behind: resume with ?since=" + lastSent, ct).ConfigureAwait(false);
                    break;
                }
                if (client.IsClosed)
                    break;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // the browser went away
        }
        finally
        {
            _hub.Detach(client);
        }
    }

    private static async Task SendBatchAsync(WebSocket socket, MemoryStream buffer, HashSet<int> sentShapes, List<DashboardEvent> events, CancellationToken ct)
    {
        buffer.SetLength(0);
        WriteCompactBatch(buffer, sentShapes, events);
        await socket.SendAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
    }

    /// <summary>One stream batch (the class summary has its form); <paramref name="sentShapes"/>: the shapes this connection already has.</summary>
    internal static void WriteCompactBatch(Stream stream, HashSet<int> sentShapes, List<DashboardEvent> events)
    {
        stream.Write("{\"n\":"u8);
        WriteNumber(stream, events.Count);
        stream.Write(",\"s\":["u8);
        var first = true;
        foreach (var e in events)
        {
            if (!sentShapes.Add(e.Shape.Id))
                continue;
            stream.Write(first ? "["u8 : ",["u8);
            first = false;
            WriteNumber(stream, e.Shape.Id);
            stream.WriteByte((byte)',');
            stream.Write(e.Shape.Json);
            stream.WriteByte((byte)']');
        }
        stream.Write("],\"r\":["u8);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            stream.Write(i == 0 ? "["u8 : ",["u8);
            WriteNumber(stream, i == 0 ? e.Id : e.Id - events[i - 1].Id);
            stream.WriteByte((byte)',');
            WriteNumber(stream, e.Shape.Id);
            if (e.Row.Length > 0)
            {
                stream.WriteByte((byte)',');
                stream.Write(e.Row);
            }
            stream.WriteByte((byte)']');
        }
        stream.Write("]}"u8);
    }

    private static void WriteNumber(Stream stream, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        System.Buffers.Text.Utf8Formatter.TryFormat(value, digits, out var n);
        stream.Write(digits[..n]);
    }

    private static async Task WriteArrayAsync(Stream stream, List<DashboardEvent> events, CancellationToken ct)
    {
        stream.WriteByte((byte)'[');
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0)
                stream.WriteByte((byte)',');
            await stream.WriteAsync(events[i].Frame, ct).ConfigureAwait(false);
        }
        stream.WriteByte((byte)']');
    }

    /// <summary>Reads (and ignores) what the browser sends, so close frames are seen; completes when it closes.</summary>
    private static async Task DiscardIncomingAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var r = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close)
                    return;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
