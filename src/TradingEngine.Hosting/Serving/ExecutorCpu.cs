using System.Globalization;

namespace TradingEngine.Hosting.Serving;

/// <summary>
/// <c>te serve executor --cpu</c>: the core the executor thread is pinned to, overriding the engine config's <c>cpu:</c>.
/// Under Kubernetes' static CPU manager a Guaranteed pod with whole CPUs gets exclusive cores the kubelet chooses, so
/// a core number written in engine.yaml (<c>cpu: 1</c>) may not be among them; <c>granted</c> pins to the lowest core
/// of the process's affinity set (what the kubelet granted), <c>none</c> does not pin, a number pins to that core
/// (checked against the affinity set at start, like the config's). docs/deployment.md, "Pinned cores".
/// </summary>
internal static class ExecutorCpu
{
    public const string Granted = "granted";
    public const string None = "none";

    /// <summary>The core for <paramref name="value"/> given the cores the process may use; an unknown value is an <see cref="ArgumentException"/> naming it.</summary>
    public static int? Resolve(string value, IReadOnlySet<int> allowed)
    {
        if (string.Equals(value, Granted, StringComparison.Ordinal))
            return allowed.Min();
        if (string.Equals(value, None, StringComparison.Ordinal))
            return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var core))
            return core;
        throw new ArgumentException($"--cpu '{value}' is not '{Granted}' (the lowest core this process may use), '{None}' (no pinning) or a core number");
    }
}
