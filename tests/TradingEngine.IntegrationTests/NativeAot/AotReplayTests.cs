using System.Diagnostics;
using System.Text.RegularExpressions;
using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests.NativeAot;

/// <summary>
/// The NativeAOT build of <c>te</c> (native-profiles/README.md) must compute exactly what the JIT build computes:
/// publish it, replay the default session with both, compare the output hashes.
/// </summary>
[Collection(AloneCollection.Name)]
public partial class AotReplayTests
{
    private static readonly string[] s_replayArgs = ["replay", "--synthetic", "--pipeline", "pipelines/es_futures.yaml"];

    [Fact]
    public async Task Aot_binary_replays_with_the_jit_builds_hash()
    {
        var ct = TestContext.Current.CancellationToken;
        var repo = TestData.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("te-aot-");
        try
        {
            var publish = await RunAsync("dotnet",
                ["publish", Path.Combine(repo, "src", "TradingEngine.Cli", "TradingEngine.Cli.csproj"), "-c", "Release", "-r", "linux-x64",
                 "-p:PublishAot=true", "-nr:false", "-o", Path.Combine(work.FullName, "out")],
                repo, TimeSpan.FromMinutes(15), ct,
                ("TE_ARTIFACTS", Path.Combine(work.FullName, "artifacts")));
            Assert.True(publish.ExitCode == 0, $"AOT publish failed:\n{publish.Output}");

            var aot = await RunAsync(Path.Combine(work.FullName, "out", "te"), s_replayArgs, repo, TimeSpan.FromMinutes(5), ct);
            var jitDll = Path.Combine(AppContext.BaseDirectory, "te.dll");
            var jit = await RunAsync("dotnet", [jitDll, .. s_replayArgs], repo, TimeSpan.FromMinutes(5), ct);
            Assert.True(aot.ExitCode == 0, $"AOT replay failed:\n{aot.Output}");
            Assert.True(jit.ExitCode == 0, $"JIT replay failed:\n{jit.Output}");
            var aotHash = HashLine().Match(aot.Output);
            var jitHash = HashLine().Match(jit.Output);
            Assert.True(jitHash.Success, $"no output hash in:\n{jit.Output}");
            Assert.Equal(jitHash.Value, aotHash.Value);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"output hash: \S+")]
    private static partial Regex HashLine();

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, CancellationToken ct,
        params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
