using System.Net;

namespace TradingEngine.Dashboard.Server;

/// <summary>Where <c>te dashboard</c> listens, the token it asks for, and the page it serves.</summary>
public sealed record DashboardServerOptions
{
    /// <summary>Address and port; loopback by default (port 0: any free port, see <see cref="DashboardServer.Address"/>).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 8080);

    /// <summary>
    /// The token every request must carry (<c>Authorization: Bearer T</c>, or <c>?token=T</c> for the page and its
    /// WebSocket, which browsers cannot give a header); required when <see cref="Listen"/> is not a loopback address.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>The built page (index.html and its script), served at <c>/</c>; null or missing: a page saying how to build it.</summary>
    public string? WebRoot { get; init; }

    /// <summary>The pipeline's graph as <c>te dag --format json</c> writes it, served at <c>/api/dag</c>; null: none (204 No Content).</summary>
    public string? Dag { get; init; }

    /// <summary>Events per WebSocket message at most (the page applies one message per animation frame).</summary>
    public int MaxBatch { get; init; } = 4096;

    /// <summary>
    /// The shortest time between two WebSocket messages to one page: events published sooner after a send wait for
    /// the next one (about an animation frame; zero sends each as soon as it is queued). The page spends its time per
    /// message as well as per event (a task, a receive, a parse): at 50k outputs/s a send per millisecond of
    /// publication made a thousand messages a second of fifty events each; this makes about a hundred. An output that
    /// comes after a quiet moment is sent at once.
    /// </summary>
    public TimeSpan MinSendInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Refuses a non-loopback address without a token (the dashboard shows positions and P&amp;L).</summary>
    public void Validate()
    {
        if (!IPAddress.IsLoopback(Listen.Address) && string.IsNullOrEmpty(Token))
            throw new ArgumentException($"--listen {Listen}: not a loopback address, so the dashboard needs a token (--token-file FILE or TE_DASHBOARD_TOKEN)");
        if (Token is { Length: > 0 and < 16 })
            throw new ArgumentException($"the dashboard token has {Token.Length} characters; use at least 16 (e.g. openssl rand -hex 24)");
    }
}
