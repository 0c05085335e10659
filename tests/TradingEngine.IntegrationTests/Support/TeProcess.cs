using System.Diagnostics;

namespace TradingEngine.IntegrationTests.Support;

/// <summary>
/// Runs the te CLI (te.dll next to the test assembly) as its own process, as a user would: the exit code, stdout and
/// stderr come back whole, so a test sees exactly what a terminal or a log collector would (a stack trace included).
/// </summary>
public static class TeProcess
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public string All => Out + Error;

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
    }

    public static async Task<Result> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestData.RepositoryRoot(),
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "te.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        // the test's own TE_PG / TE_NATS_* must not leak into a command that is meant to get its settings from args
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("TE_PG", StringComparison.Ordinal) || k.StartsWith("TE_NATS", StringComparison.Ordinal) || k.StartsWith("PGPASS", StringComparison.Ordinal)).ToArray())
            info.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"te {string.Join(' ', info.ArgumentList.Skip(1))} did not exit within {timeout ?? TimeSpan.FromSeconds(90)}:\n{await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
