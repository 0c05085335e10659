namespace TradingEngine.Hosting.Health;

/// <summary>
/// What a role's health endpoint answers: live while the process runs its loops (the endpoint itself is served by
/// them), ready once the role has said so (<see cref="SetReady"/>: connected to its servers, recovery done) and, when
/// it gave a check, while that check holds (its NATS connection open). A role that stops says so first
/// (<see cref="SetStopping"/>), so a probe taken during shutdown is 503.
/// </summary>
public sealed class HealthState
{
    private volatile Func<bool>? _ready;
    private volatile bool _stopping;
    private volatile string _reason = "starting";

    /// <summary>The role is ready while <paramref name="check"/> holds (null: from now on).</summary>
    public void SetReady(Func<bool>? check = null)
    {
        _ready = check ?? (() => true);
        _reason = "not connected";
    }

    /// <summary>The role stops: not ready any more.</summary>
    public void SetStopping()
    {
        _stopping = true;
        _reason = "stopping";
    }

    /// <summary>Whether the role is ready, and when it is not, why (starting, not connected, stopping).</summary>
    public bool IsReady(out string reason)
    {
        reason = _reason;
        if (_stopping || _ready is not { } check)
            return false;
        try
        {
            return check();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            reason = ex.Message;
            return false;
        }
    }
}
