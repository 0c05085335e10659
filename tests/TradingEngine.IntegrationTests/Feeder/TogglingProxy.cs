using System.Net;
using System.Net.Sockets;

namespace TradingEngine.IntegrationTests.Feeder;

/// <summary>
/// A TCP forwarder on a fixed loopback port in front of the gateway: <see cref="Refuse"/> closes the listener and every
/// open connection (a feeder then gets "connection refused", like a network cut), <see cref="Accept"/> listens again.
/// </summary>
public sealed class TogglingProxy : IAsyncDisposable
{
    private readonly int _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _cts;

    public TogglingProxy(int targetPort)
    {
        _target = targetPort;
        Port = Support.NatsServerProcess.FreePort();
        Accept();
    }

    public int Port { get; }

    public void Accept()
    {
        _cts = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        var listener = _listener;
        var token = _cts.Token;
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = PipeAsync(client, token);
            }
        }, CancellationToken.None);
    }

    public void Refuse()
    {
        _cts?.Cancel();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var c in _open)
                c.Dispose();
            _open.Clear();
        }
    }

    private async Task PipeAsync(TcpClient client, CancellationToken token)
    {
        using var server = new TcpClient();
        lock (_open)
            _open.Add(client);
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _target, token);
            lock (_open)
                _open.Add(server);
            var a = client.GetStream().CopyToAsync(server.GetStream(), token);
            var b = server.GetStream().CopyToAsync(client.GetStream(), token);
            await Task.WhenAny(a, b);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // cut
        }
        finally
        {
            client.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Refuse();
        return ValueTask.CompletedTask;
    }
}
