using System.Diagnostics;

namespace TradingEngine.Perf.Suites;

/// <summary>
/// Times <c>te replay</c> as a user runs it: a new <c>dotnet te.dll replay --journal …</c> process each run (start-up,
/// JIT, YAML, DAG compile and the replay), ticks / wall-clock seconds. The te of <c>./run.sh build</c>, or <c>TE_DLL</c>.
/// </summary>
public static class ColdCli
{
    public sealed record Result(double Median, double Min, double Max, int Runs);

    /// <summary>Null (with a line saying why) when the te CLI is not built.</summary>
    public static Result? Measure(string repo, string journal, string pipeline, string instruments, long ticks, int runs)
    {
        var te = Environment.GetEnvironmentVariable("TE_DLL") is { Length: > 0 } env ? env : Path.Combine(repo, "artifacts", "bin", "TradingEngine.Cli", "release", "te.dll");
        if (!File.Exists(te))
        {
            Console.WriteLine($"cold-cli: skipped, no te CLI at {te} (./run.sh build first, or set TE_DLL)");
            return null;
        }
        var rates = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo };
            foreach (var a in new[] { te, "replay", "--journal", journal, "--pipeline", pipeline, "--instruments", instruments, "--symbols", "SPY" })
                start.ArgumentList.Add(a);
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            var seconds = clock.Elapsed.TotalSeconds;
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"cold-cli: te replay exited {process.ExitCode}");
                return null;
            }
            rates.Add(ticks / seconds);
        }
        return new Result(Stats.Median(rates), rates.Min(), rates.Max(), runs);
    }
}
