namespace TradingEngine.Hosting.Observability;

/// <summary>
/// The metrics of a role other than <c>te run</c> (<c>te gateway</c>, <c>te sink run</c>, <c>te publish</c>,
/// <c>te dashboard</c>): counters and gauges read by delegates from the role's own counter objects on each scrape, plus
/// what the role says about its health and readiness. The role fills it once at start; <see cref="Running"/> is set
/// once its loops run and cleared when it stops, which makes <c>/readyz</c> answer.
/// </summary>
public sealed class RoleMetrics(string role) : IMetricsSource
{
    private readonly List<(string Name, string Type, string Help, List<(string? Label, string? Value, Func<double> Read)> Samples)> _families = [];
    private readonly List<Action<PrometheusTextWriter>> _writers = [];
    private Func<HealthStatus>? _ready;

    /// <summary>True while the role's loops run (<c>te_up</c> 1, <c>/healthz</c> 200).</summary>
    public bool Running { get; set; }

    /// <summary>A counter (monotonic) read by <paramref name="read"/>; <paramref name="label"/> and <paramref name="value"/> tell the series of one family apart.</summary>
    public RoleMetrics Counter(string name, string help, Func<double> read, string? label = null, string? value = null) => Add(name, "counter", help, read, label, value);

    /// <summary>A gauge read by <paramref name="read"/>.</summary>
    public RoleMetrics Gauge(string name, string help, Func<double> read, string? label = null, string? value = null) => Add(name, "gauge", help, read, label, value);

    /// <summary>Families written by the caller's own code (e.g. <see cref="SinkMetrics.Write"/>).</summary>
    public RoleMetrics Families(Action<PrometheusTextWriter> write)
    {
        _writers.Add(write);
        return this;
    }

    /// <summary>What <c>/readyz</c> answers while <see cref="Running"/> (default: ready).</summary>
    public RoleMetrics Ready(Func<HealthStatus> ready)
    {
        _ready = ready;
        return this;
    }

    private RoleMetrics Add(string name, string type, string help, Func<double> read, string? label, string? value)
    {
        var family = _families.FindIndex(f => f.Name == name);
        if (family < 0)
        {
            _families.Add((name, type, help, []));
            family = _families.Count - 1;
        }
        _families[family].Samples.Add((label, value, read));
        return this;
    }

    public void WriteMetrics(PrometheusTextWriter writer)
    {
        writer.Family("te_up", "gauge", "1 while the role's loops run.");
        writer.Sample("te_up", "role", role, Running ? 1 : 0);
        foreach (var (name, type, help, samples) in _families)
        {
            writer.Family(name, type, help);
            foreach (var (label, value, read) in samples)
            {
                if (label is null)
                    writer.Sample(name, read());
                else
                    writer.Sample(name, label, value!, read());
            }
        }
        foreach (var write in _writers)
            write(writer);
    }

    public HealthStatus Health() => Running ? HealthStatus.Up($"{role} running") : HealthStatus.Up($"{role} starting or stopping");

    public HealthStatus Readiness() => !Running ? HealthStatus.Down($"{role} not running") : _ready?.Invoke() ?? HealthStatus.Up($"{role} running");
}
