namespace TradingEngine.Tests.Infra;

/// <summary>
/// The contract between the deployment (infra/) and the roles as processes (<c>te serve ROLE</c>, issue #25,
/// docs/deployment.md): command shape, where config, secrets and state are, and the metrics/health endpoint. Until
/// <c>te serve</c> exists, each role's options are those of the command that runs it today, so a role's arguments minus
/// the contract's own options must parse with that command (<see cref="ExistingCommand"/>).
/// </summary>
public static class ServeContract
{
    public const string ConfigDirectory = "/etc/te";
    public const string ConfigFile = "/etc/te/engine.yaml";
    public const string SecretsDirectory = "/etc/te/secrets";
    public const string StateDirectory = "/var/lib/te";
    public const string MetricsPortName = "metrics";
    public const int MetricsPort = 9464;
    public const string MetricsAddress = "0.0.0.0:9464";
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    /// <summary>The roles with one Deployment each; executors have one per executor group.</summary>
    public static readonly string[] SingleRoles = ["gateway", "aggregator", "sink", "publisher"];

    public const string Executor = "executor";

    /// <summary>
    /// Checks <paramref name="args"/> against the contract (<c>serve ROLE --config /etc/te/engine.yaml --metrics 0.0.0.0:9464</c>,
    /// <c>--group G</c> for an executor) and returns the arguments of today's command for the role, or null when no
    /// command runs it yet (the aggregator).
    /// </summary>
    public static string[]? ExistingCommand(string role, IReadOnlyList<string> args, string where)
    {
        Assert.True(args.Count >= 2 && args[0] == "serve" && args[1] == role,
            $"{where}: args must start with 'serve {role}', found '{string.Join(' ', args.Take(2))}'");
        Assert.True(Value(args, "--config") == ConfigFile, $"{where}: --config must be {ConfigFile}, found '{Value(args, "--config")}'");
        Assert.True(Value(args, "--metrics") == MetricsAddress, $"{where}: --metrics must be {MetricsAddress}, found '{Value(args, "--metrics")}'");
        if (role == Executor)
            Assert.False(string.IsNullOrEmpty(Value(args, "--group")), $"{where}: an executor needs --group NAME");
        var rest = Without(args.Skip(2).ToList(), role == Executor ? ["--metrics", "--group", "--cpu", "--snapshot-bucket", "--stream-replicas"] : ["--metrics", "--config"]);
        return role switch
        {
            "gateway" => ["gateway", .. rest.Select(a => a == "--gateway-config" ? "--config" : a)],
            "sink" => ["sink", "run", .. rest],
            "publisher" => ["publish", .. rest],
            Executor => ["run", .. rest],
            _ => null,
        };
    }

    /// <summary>The value after <paramref name="option"/>, or null.</summary>
    public static string? Value(IReadOnlyList<string> args, string option)
    {
        var i = args.ToList().IndexOf(option);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }

    private static List<string> Without(List<string> args, string[] optionsWithValue)
    {
        var kept = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (optionsWithValue.Contains(args[i]))
                i++;
            else
                kept.Add(args[i]);
        }
        return kept;
    }
}
