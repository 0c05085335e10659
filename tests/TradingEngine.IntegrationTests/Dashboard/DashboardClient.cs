using System.Net.WebSockets;
using System.Text.Json;

namespace TradingEngine.IntegrationTests.Dashboard;

/// <summary>
/// A test's browser stand-in: reads <c>/stream</c>'s messages (control objects and compact batches, DashboardServer)
/// and rebuilds each batch's events as the full frames <c>{"id":ID,"m":MESSAGE}</c>, the way the page does, without
/// the page's code: a second reader of the wire form.
/// </summary>
internal sealed class DashboardClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[1 << 16];
    private readonly Dictionary<int, JsonElement> _shapes = [];

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
            if (message.TryGetProperty("r", out _))
                events.AddRange(Events(message));
            else
                control = message;
        }
        return (hello, events, control);
    }

    /// <summary>A batch's events as full frames, in order.</summary>
    public List<JsonElement> Events(JsonElement batch)
    {
        foreach (var s in batch.GetProperty("s").EnumerateArray())
            _shapes[s[0].GetInt32()] = s[1].Clone();
        var events = new List<JsonElement>();
        long id = 0;
        foreach (var row in batch.GetProperty("r").EnumerateArray())
        {
            id = events.Count == 0 ? row[0].GetInt64() : id + row[0].GetInt64();
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                w.WriteNumber("id", id);
                w.WritePropertyName("m");
                var next = 2;
                Rebuild(w, _shapes[row[1].GetInt32()], row, ref next);
                Assert.Equal(row.GetArrayLength(), next); // every value of the row has its place in the shape
                w.WriteEndObject();
            }
            events.Add(JsonDocument.Parse(ms.ToArray()).RootElement.Clone());
        }
        Assert.Equal(batch.GetProperty("n").GetInt32(), events.Count);
        return events;
    }

    private static void Rebuild(Utf8JsonWriter w, JsonElement shape, JsonElement row, ref int next)
    {
        if (shape.ValueKind != JsonValueKind.Object)
        {
            w.WriteRawValue(row[next++].GetRawText());
            return;
        }
        w.WriteStartObject();
        foreach (var p in shape.EnumerateObject())
        {
            w.WritePropertyName(p.Name);
            Rebuild(w, p.Value, row, ref next);
        }
        w.WriteEndObject();
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
