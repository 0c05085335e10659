using System.Diagnostics;
using System.Text.RegularExpressions;
using TradingEngine.Cli;
using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests.Readme;

/// <summary>
/// Every line of README.md's command table ("More commands") and of its "Backtest real data" and "Optimise a strategy" blocks runs as written, in
/// order, from a fresh directory holding the repository's pipelines/, with TE_DATA_DIR set: exit code 0 and some output
/// each. The lines are parsed from the README, so the README cannot drift from what works. <c>./run.sh</c> is the te
/// CLI this test was built with (the script only builds it first); the <c>run</c> lines' NATS URL is the test
/// services' one. Runs alone: its <c>te run</c> lines publish on the default subjects.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed partial class ReadmeCommandTests
{
    private static string Repo => TestData.RepositoryRoot();

    /// <summary>The commands of the README's "More commands" table, then of the "Backtest real data" block.</summary>
    public static IReadOnlyList<string> Commands(string readme)
    {
        var lines = readme.Split('\n');
        var commands = new List<string>();
        var section = "";
        var inTable = false;
        var inBlock = false;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
                inTable = false;
                continue;
            }
            if (section == "More commands")
            {
                // the first table of the section is the runnable one; the reference table after it has placeholders
                if (line.StartsWith("| command", StringComparison.Ordinal))
                {
                    inTable = commands.Count == 0;
                    continue;
                }
                if (inTable && TableCommand().Match(line) is { Success: true } m)
                    commands.Add(m.Groups[1].Value);
                else if (inTable && !line.StartsWith('|'))
                    inTable = false;
            }
            else if (section is "Backtest real data" or "Optimise a strategy")
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                    inBlock = !inBlock;
                else if (inBlock && line.StartsWith("./run.sh ", StringComparison.Ordinal))
                    commands.Add(line);
            }
        }
        return commands;
    }

    [GeneratedRegex(@"^\| `(\./run\.sh [^`]*)` \|")]
    private static partial Regex TableCommand();

    [Fact]
    public void The_readme_lists_concrete_commands_without_placeholders()
    {
        var commands = Commands(File.ReadAllText(Path.Combine(Repo, "README.md")));
        Assert.True(commands.Count >= 16, $"found {commands.Count} commands");
        Assert.Contains(commands, c => c.StartsWith("./run.sh run ", StringComparison.Ordinal) && c.Contains("--duration", StringComparison.Ordinal));
        foreach (var command in commands)
        {
            Assert.DoesNotMatch(@"\b(FILE|DIR|FORMAT|SUITE)\b|…", command);
            if (command.StartsWith("./run.sh run ", StringComparison.Ordinal))
                Assert.Contains("--duration", command, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_readme_command_runs_and_prints_something()
    {
        var data = TestData.Require("ticks");
        await using (await Services.RequireNatsAsync())
        {
        }
        var te = TeDll();
        var work = Directory.CreateTempSubdirectory("te-readme-");
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(work.FullName, "pipelines"), Path.Combine(Repo, "pipelines"));
            foreach (var command in Commands(File.ReadAllText(Path.Combine(Repo, "README.md"))))
            {
                var line = command.Replace("./run.sh ", $"dotnet '{te}' ", StringComparison.Ordinal)
                    .Replace("nats://127.0.0.1:4222", Services.NatsUrl, StringComparison.Ordinal);
                var (code, output) = await RunAsync(line, work.FullName, Path.GetDirectoryName(data)!);
                Assert.True(code == 0, $"`{command}` exited {code}:\n{output}");
                Assert.False(string.IsNullOrWhiteSpace(output), $"`{command}` printed nothing");
                if (command.Contains("--report ", StringComparison.Ordinal))
                {
                    var report = command[(command.IndexOf("--report ", StringComparison.Ordinal) + 9)..].Split(' ')[0];
                    Assert.True(File.Exists(Path.Combine(work.FullName, report, "report.json")), $"`{command}` wrote no report.json");
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string line, string directory, string dataDir)
    {
        var start = new ProcessStartInfo("bash", ["-c", line])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TE_DATA_DIR"] = dataDir;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after 2 minutes\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    // the te CLI beside this test assembly (the project reference copies it), else the one ./run.sh builds
    private static string TeDll()
    {
        var beside = Path.Combine(Path.GetDirectoryName(typeof(TeCommand).Assembly.Location)!, "te.dll");
        if (File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
            return beside;
        var artifacts = Environment.GetEnvironmentVariable("TE_ARTIFACTS") ?? Path.Combine(Repo, "artifacts");
        return Path.Combine(artifacts, "bin", "TradingEngine.Cli", "release", "te.dll");
    }
}
