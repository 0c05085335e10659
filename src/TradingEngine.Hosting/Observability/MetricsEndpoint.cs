using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TradingEngine.Hosting.Observability;

/// <summary>
/// The HTTP endpoint of <c>--metrics HOST:PORT</c>: <c>GET /metrics</c> (Prometheus text), <c>GET /healthz</c> (200
/// while the role's loops run) and <c>GET /readyz</c> (200 once connected and caught up, 503 otherwise), each answered
/// and the connection closed. A plain socket server of its own: one accept loop on a thread-pool task, one request at a
/// time, nothing on the engine's threads; a scrape reads the counters the hot threads already keep. Anything else is
/// 404 (405 for a method other than GET or HEAD).
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private const int MaxRequestBytes = 8192;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly TcpListener _listener;
    private readonly IMetricsSource _source;
    private readonly PrometheusTextWriter _writer = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _request = new byte[MaxRequestBytes];
    private readonly SemaphoreSlim _rendering = new(1, 1); // one rendering into the writer at a time
    private Task _loop = Task.CompletedTask;

    private MetricsEndpoint(TcpListener listener, IMetricsSource source)
    {
        _listener = listener;
        _source = source;
    }

    /// <summary>Where it listens (the bound port when the address asked for port 0).</summary>
    public MetricsAddress Address => new(((IPEndPoint)_listener.LocalEndpoint).Address, ((IPEndPoint)_listener.LocalEndpoint).Port);

    /// <summary>Requests answered so far.</summary>
    public long Requests { get; private set; }

    /// <summary>Binds <paramref name="address"/> and starts answering; the error of a port in use names the address.</summary>
    public static MetricsEndpoint Start(MetricsAddress address, IMetricsSource source)
    {
        var listener = new TcpListener(address.Host, address.Port);
        try
        {
            listener.Start();
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            throw new IOException($"--metrics {address}: cannot listen there ({ex.SocketErrorCode}: {ex.Message})", ex);
        }
        var endpoint = new MetricsEndpoint(listener, source);
        endpoint._loop = Task.Run(endpoint.AcceptLoopAsync);
        return endpoint;
    }

    /// <summary>The body of <c>/metrics</c> now (what a scrape would get; tests and <c>te status</c>'s own checks).</summary>
    public string Scrape()
    {
        _rendering.Wait();
        try
        {
            Render();
            return _writer.ToString();
        }
        finally
        {
            _rendering.Release();
        }
    }

    private void Render()
    {
        _writer.Reset();
        _source.WriteMetrics(_writer);
        ProcessMetrics.Write(_writer);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                    return;
                continue;
            }
            using (client)
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    timeout.CancelAfter(RequestTimeout);
                    await AnswerAsync(client, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
                {
                    // a client that went away or never finished its request: nothing to answer
                }
            }
        }
    }

    private async Task AnswerAsync(Socket client, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var read = await client.ReceiveAsync(_request.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
                return;
            length += read;
            if (_request.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
                break;
            if (length == _request.Length)
            {
                await SendAsync(client, 431, "text/plain", Encoding.ASCII.GetBytes("request headers too large\n"), true, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        Requests++;
        var line = _request.AsSpan(0, _request.AsSpan(0, length).IndexOf("\r\n"u8));
        var firstSpace = line.IndexOf((byte)' ');
        var secondSpace = firstSpace < 0 ? -1 : line[(firstSpace + 1)..].IndexOf((byte)' ');
        if (firstSpace <= 0 || secondSpace < 0)
        {
            await SendAsync(client, 400, "text/plain", "bad request line\n"u8.ToArray(), true, cancellationToken).ConfigureAwait(false);
            return;
        }
        var method = line[..firstSpace];
        var target = line.Slice(firstSpace + 1, secondSpace);
        var query = target.IndexOf((byte)'?');
        var path = query >= 0 ? target[..query] : target;
        var withBody = method.SequenceEqual("GET"u8);
        if (!withBody && !method.SequenceEqual("HEAD"u8))
        {
            await SendAsync(client, 405, "text/plain", "only GET and HEAD\n"u8.ToArray(), true, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (path.SequenceEqual("/metrics"u8))
        {
            await _rendering.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                Render();
                await SendAsync(client, 200, "text/plain; version=0.0.4; charset=utf-8", _writer.Written, withBody, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _rendering.Release();
            }
        }
        else if (path.SequenceEqual("/healthz"u8) || path.SequenceEqual("/readyz"u8))
        {
            var status = path.SequenceEqual("/healthz"u8) ? _source.Health() : _source.Readiness();
            await SendAsync(client, status.Ok ? 200 : 503, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes((status.Ok ? "ok: " : "not ready: ") + status.Detail + "\n"), withBody, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await SendAsync(client, 404, "text/plain", "not found: GET /metrics, /healthz or /readyz\n"u8.ToArray(), withBody, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SendAsync(Socket client, int status, string contentType, ReadOnlyMemory<byte> body, bool withBody, CancellationToken cancellationToken)
    {
        var reason = status switch { 200 => "OK", 400 => "Bad Request", 404 => "Not Found", 405 => "Method Not Allowed", 431 => "Request Header Fields Too Large", _ => "Service Unavailable" };
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await client.SendAsync(head, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (withBody && body.Length > 0)
            await client.SendAsync(body, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        client.Shutdown(SocketShutdown.Send);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _listener.Dispose();
        _stop.Dispose();
        _rendering.Dispose();
    }
}
