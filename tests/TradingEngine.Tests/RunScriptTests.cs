using System.Diagnostics;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests;

/// <summary>
/// <c>./run.sh</c>'s rebuild decision, on a copy of the script in a scratch tree with a fake <c>dotnet</c>
/// (<c>TE_DOTNET</c>) that only records builds: a build happens when there is none yet or when a source's content
/// changed, never because a file was merely touched (a checkout, <c>te schema export</c>) or a run wrote results
/// (<c>bench</c>).
/// </summary>
public sealed class RunScriptTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("te-runsh-");

    public void Dispose() => _root.Delete(recursive: true);

    private string PathOf(string relative) => Path.Combine(_root.FullName, relative);

    private void Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), text);
    }

    private int Builds => File.Exists(PathOf("builds.log")) ? File.ReadAllLines(PathOf("builds.log")).Length : 0;

    private (int Code, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root.FullName };
        start.ArgumentList.Add(PathOf("run.sh"));
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment["TE_DOTNET"] = PathOf("fake-dotnet");
        start.Environment["TE_ARTIFACTS"] = PathOf("artifacts");
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)), "run.sh did not finish in 60 s");
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private void Touch(string relative) => File.SetLastWriteTimeUtc(PathOf(relative), DateTime.UtcNow.AddMinutes(5));

    [Fact]
    public void Builds_when_there_is_no_build_or_a_source_changed_and_not_for_touched_files_or_run_output()
    {
        File.Copy(Path.Combine(TestData.RepositoryRoot(), "run.sh"), PathOf("run.sh"));
        Write("TradingEngine.sln", "sln");
        Write("Directory.Build.props", "<Project />");
        Write("Directory.Packages.props", "<Project />");
        Write("src/App/App.cs", "class App {}");
        Write("src/App/schemas/a.schema.json", "{}");
        Write("perf/results/ring.json", "{}");
        Write("fake-dotnet", """
            #!/usr/bin/env bash
            if [ "$1" = build ]; then
              mkdir -p "$TE_ARTIFACTS/bin/TradingEngine.Cli/release" && touch "$TE_ARTIFACTS/bin/TradingEngine.Cli/release/te.dll"
              echo "$*" >> builds.log
            else
              echo "te $*"
            fi
            """);
        if (!OperatingSystem.IsWindows()) // run.sh is a bash script: this test, like ./run.sh, runs where bash does
            File.SetUnixFileMode(PathOf("fake-dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var check = Run("build", "--check");
        Assert.Equal(1, check.Code);
        Assert.Contains("build needed: no build yet", check.Output, StringComparison.Ordinal);

        // the first build shows every project's progress (-v minimal), not the quiet form of later builds
        var first = Run("dag", "x.yaml");
        Assert.Equal(0, first.Code);
        Assert.Contains("first build", first.Output, StringComparison.Ordinal);
        Assert.Contains("te " + PathOf("artifacts/bin/TradingEngine.Cli/release/te.dll") + " dag x.yaml", first.Output, StringComparison.Ordinal);
        Assert.Equal(1, Builds);
        Assert.Contains("-v minimal", File.ReadAllText(PathOf("builds.log")), StringComparison.Ordinal);
        Assert.Equal((0, "up to date\n"), Run("build", "--check"));

        // touched with the same content (a checkout, schema export rewriting equal files), and results a bench wrote
        Touch("src/App/App.cs");
        Touch("src/App/schemas/a.schema.json");
        Write("perf/results/ring.json", "{\"new\":1}");
        Write("perf/runs/ring.json", "{\"new\":1}");
        Assert.Equal(0, Run("dag", "x.yaml").Code);
        Assert.Equal(0, Run().Code);
        Assert.Equal(1, Builds);

        // a real change builds once, quietly, saying why
        Write("src/App/App.cs", "class App { int x; }");
        Touch("src/App/App.cs");
        check = Run("build", "--check");
        Assert.Equal(1, check.Code);
        Assert.Contains("sources changed since the last build", check.Output, StringComparison.Ordinal);
        var second = Run("dag", "x.yaml");
        Assert.Contains("building (Release): sources changed", second.Output, StringComparison.Ordinal);
        Assert.Equal(2, Builds);
        Assert.Equal(0, Run("dag", "x.yaml").Code);
        Assert.Equal(2, Builds);

        // a new file is a change too
        Write("src/App/More.cs", "class More {}");
        Assert.Equal(0, Run("dag", "x.yaml").Code);
        Assert.Equal(3, Builds);

        // help: run.sh's own commands, then the CLI's
        var help = Run("help");
        Assert.Equal(0, help.Code);
        Assert.Contains("./run.sh bench [suite] [--quick] [--save]", help.Output, StringComparison.Ordinal);
        Assert.Contains("te.dll --help", help.Output, StringComparison.Ordinal);
    }
}
