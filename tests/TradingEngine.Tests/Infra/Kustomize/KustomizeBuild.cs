using System.Collections.Concurrent;
using System.Diagnostics;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Infra.Kustomize;

/// <summary>
/// <c>kubectl kustomize DIR</c> of a directory under infra/kustomize, parsed; each directory rendered once per test run
/// (about 1 s each). Without kubectl the calling test fails under <c>CI=true</c> and is skipped with a message elsewhere.
/// </summary>
public static class KustomizeBuild
{
    private static readonly ConcurrentDictionary<string, Lazy<(K8sObjects? Objects, string? Error)>> s_renders = new(StringComparer.Ordinal);

    /// <summary>The objects <c>kubectl kustomize infra/kustomize/<paramref name="relative"/></c> prints.</summary>
    public static K8sObjects Render(string relative)
    {
        var kubectl = FindKubectl();
        if (kubectl is null)
        {
            var message = "kubectl not found on PATH: the kustomize render tests need kubectl with kustomize (kubectl kustomize)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                Assert.Fail(message);
            Assert.Skip(message);
        }
        var (objects, error) = s_renders.GetOrAdd(relative, r => new Lazy<(K8sObjects?, string?)>(() => Run(kubectl, r))).Value;
        return objects ?? throw new Xunit.Sdk.XunitException(error);
    }

    private static (K8sObjects?, string?) Run(string kubectl, string relative)
    {
        var dir = Path.Combine(TestData.RepositoryRoot(), "infra", "kustomize", relative);
        var info = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(dir);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {kubectl}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            return (null, $"kubectl kustomize {dir} did not finish within 60 s");
        }
        return process.ExitCode == 0
            ? (K8sObjects.Parse(stdout, $"kubectl kustomize infra/kustomize/{relative}"), null)
            : (null, $"kubectl kustomize {dir} exited {process.ExitCode}:\n{stderr.Result}");
    }

    private static string? FindKubectl() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
}
