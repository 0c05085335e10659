using System.Diagnostics;

namespace TradingEngine.IntegrationTests.Support;

/// <summary>
/// Builds te dashboard's page once per test run, as its README says: <c>npm ci</c> (only when node_modules is missing)
/// and <c>npm run build</c>, whose first step is the generated types' drift check against the JSON Schemas and whose
/// second is the TypeScript type check; a failure of either fails the test. Without node/npm the test is skipped (fails under CI).
/// </summary>
public static class DashboardPage
{
    private static readonly Lazy<Task<string>> s_built = new(BuildAsync);

    public static string WebDirectory => Path.Combine(TestData.RepositoryRoot(), "src", "TradingEngine.Dashboard", "web");

    /// <summary>The built page's directory (dist/).</summary>
    public static Task<string> RequireAsync()
    {
        if (!File.Exists("/usr/bin/node") || !File.Exists("/usr/bin/npm"))
        {
            var message = "node and npm are needed to build the dashboard page (apt-get install nodejs npm)";
            if (Services.InCi)
                Assert.Fail(message);
            Assert.Skip(message);
        }
        return s_built.Value;
    }

    private static async Task<string> BuildAsync()
    {
        var web = WebDirectory;
        if (!Directory.Exists(Path.Combine(web, "node_modules")))
            await RunAsync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], web);
        await RunAsync("node", ["scripts/build.mjs"], web);
        return Path.Combine(web, "dist");
    }

    private static async Task RunAsync(string file, string[] args, string directory)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(timeout.Token);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} in {directory} failed (exit {p.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}
