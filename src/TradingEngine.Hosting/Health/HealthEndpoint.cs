using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TradingEngine.Hosting.Health;

/// <summary>
/// The roles' small HTTP endpoint (<c>--metrics HOST:PORT</c>): <c>GET /healthz</c> 200 while the process runs,
/// <c>GET /readyz</c> 200 when <see cref="HealthState"/> is ready, 503 with the reason otherwise; anything else 404.
/// HTTP/1.1 over a plain socket, one short response per connection, so it needs no web framework and works in the
/// NativeAOT build; it serves probes, not traffic. The metrics endpoint (<c>/metrics</c>) is merged into the same
/// listener by the observability work.
/// </summary>
public sealed class HealthEndpoint : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly HealthState _state;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private HealthEndpoint(TcpListener listener, HealthState state)
    {
        _listener = listener;
        _state = state;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where it listens (the actual port when 0 was asked for).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Listens on <paramref name="endpoint"/>; a port in use throws <see cref="IOException"/> naming it.</summary>
    public static HealthEndpoint Start(IPEndPoint endpoint, HealthState state)
    {
        var listener = new TcpListener(endpoint);
        try
        {
            listener.Start();
        }
        catch (SocketException ex)
        {
            throw new IOException($"--metrics {endpoint}: cannot listen there ({ex.SocketErrorCode}: {ex.Message})", ex);
        }
        return new HealthEndpoint(listener, state);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(socket));
        }
    }

    private async Task AnswerAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var buffer = new byte[2048];
                var length = 0;
                // the request line and headers; a probe sends no body
                while (length < buffer.Length && buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0)
                {
                    var n = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (n == 0)
                        break;
                    length += n;
                }
                var (status, body) = Answer(Encoding.ASCII.GetString(buffer, 0, length));
                var response = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");
                await socket.SendAsync(response, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // a probe that went away or never finished its request: nothing to answer
            }
        }
    }

    /// <summary>The status line and body for a request (its first line: <c>GET /readyz HTTP/1.1</c>).</summary>
    internal (string Status, string Body) Answer(string request)
    {
        var line = request.AsSpan(0, Math.Max(0, request.IndexOf('\r') is >= 0 and var end ? end : request.Length));
        var parts = line.ToString().Split(' ');
        if (parts.Length < 2 || parts[0] is not ("GET" or "HEAD"))
            return ("405 Method Not Allowed", "GET /healthz or /readyz\n");
        var path = parts[1].Split('?')[0];
        return path switch
        {
            "/healthz" => ("200 OK", "ok\n"),
            "/readyz" => _state.IsReady(out var reason) ? ("200 OK", "ready\n") : ("503 Service Unavailable", $"not ready: {reason}\n"),
            _ => ("404 Not Found", $"{path}: this endpoint serves /healthz and /readyz\n"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
