namespace TradingEngine.Hosting.Roles;

/// <summary>How long a role runs: <c>--duration S</c> seconds, or (0) until its token is cancelled (Ctrl+C, SIGTERM).</summary>
public static class RoleLifetime
{
    /// <summary>Returns after <paramref name="seconds"/> (0: never) or when <paramref name="cancellationToken"/> is cancelled; never throws for either.</summary>
    public static async Task RunAsync(double seconds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop cleanly
        }
    }

    /// <summary>Runs <paramref name="start"/>; when it throws (a refused connection), disposes what <paramref name="role"/> built so far and rethrows.</summary>
    internal static async Task StartOrDisposeAsync(IAsyncDisposable role, Func<Task> start)
    {
        try
        {
            await start().ConfigureAwait(false);
        }
        catch
        {
            await role.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
