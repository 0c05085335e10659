namespace TradingEngine.Hosting.Observability;

/// <summary>
/// What a role shows on its <see cref="MetricsEndpoint"/>. The endpoint calls it off every hot thread, one request at a
/// time: <see cref="WriteMetrics"/> reads the role's counters (plain fields its threads already bump) and writes them.
/// </summary>
public interface IMetricsSource
{
    /// <summary>Writes every metric family of the role (the endpoint adds the process' own, <see cref="ProcessMetrics"/>).</summary>
    void WriteMetrics(PrometheusTextWriter writer);

    /// <summary><c>/healthz</c>: up while the role's loops run (a halted ring thread is down).</summary>
    HealthStatus Health();

    /// <summary><c>/readyz</c>: up once connected to its servers and caught up.</summary>
    HealthStatus Readiness();
}
