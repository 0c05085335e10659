using System.Net.WebSockets;
using System.Text.Json;

namespace TradingEngine.IntegrationTests.Dashboard;

/// <summary>A test's browser stand-in: reads <c>/stream</c>'s messages (control objects and arrays of event frames).</summary>
internal sealed class DashboardClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[1 << 16];

    public static async Task<DashboardClient> ConnectAsync(Uri server, string query, CancellationToken ct)
    {
        var client = new DashboardClient();
        var ws = new UriBuilder(server) { Scheme = "ws", Path = "/stream", Query = query }.Uri;
        await client._socket.ConnectAsync(ws, ct);
        return client;
    }

    /// <summary>The next message, parsed; null when the server closed.</summary>
    public async Task<JsonElement?> ReceiveAsync(CancellationToken ct)
    {
        using var ms = new MemoryStream();
        while (true)
        {
            var r = await _socket.ReceiveAsync(_buffer, ct);
            if (r.MessageType == WebSocketMessageType.Close)
                return null;
            ms.Write(_buffer, 0, r.Count);
            if (r.EndOfMessage)
                break;
        }
        return JsonDocument.Parse(ms.ToArray()).RootElement.Clone();
    }

    /// <summary>Reads the hello, then event frames until <paramref name="count"/> arrived (or the server closed).</summary>
    public async Task<(JsonElement Hello, List<JsonElement> Events, JsonElement? Control)> ReadAsync(int count, CancellationToken ct)
    {
        var hello = await ReceiveAsync(ct) ?? throw new InvalidOperationException("closed before the hello");
        var events = new List<JsonElement>();
        JsonElement? control = null;
        while (events.Count < count)
        {
            var m = await ReceiveAsync(ct);
            if (m is not { } message)
                break;
            if (message.ValueKind == JsonValueKind.Array)
                events.AddRange(message.EnumerateArray());
            else
                control = message;
        }
        return (hello, events, control);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }
        _socket.Dispose();
    }
}
