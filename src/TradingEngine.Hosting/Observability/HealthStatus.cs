namespace TradingEngine.Hosting.Observability;

/// <summary>An answer of <c>/healthz</c> or <c>/readyz</c>: 200 when <paramref name="Ok"/>, else 503; <paramref name="Detail"/> is the body (one line).</summary>
public readonly record struct HealthStatus(bool Ok, string Detail)
{
    public static HealthStatus Up(string detail) => new(true, detail);

    public static HealthStatus Down(string detail) => new(false, detail);
}
