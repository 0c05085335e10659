using System.Diagnostics;
using System.Globalization;

namespace TradingEngine.Perf;

/// <summary>
/// The macro perf harness: <c>TradingEngine.Perf &lt;suite&gt; [--quick] [suite options]</c>, or with no suite
/// (<c>TradingEngine.Perf [--quick]</c>) every suite in turn. Each suite is listed in <see cref="SuiteRegistry"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] is "-h" or "--help" or "help" or "list")
        {
            PrintUsage(Console.Out);
            return 0;
        }
        if (args.Length == 0 || args[0].StartsWith('-'))
            return RunAll(SuiteOptions.Parse(args));
        var suite = SuiteRegistry.Find(args[0]);
        if (suite is null)
        {
            Console.Error.WriteLine($"unknown suite '{args[0]}'");
            PrintUsage(Console.Error);
            return 2;
        }
        var options = SuiteOptions.Parse(args.AsSpan(1));
        return suite.Run(options);
    }

    /// <summary>
    /// Every suite, each writing its own results file (so <c>--out</c> is ignored here). A suite whose server is missing
    /// is skipped with the reason; one that throws is reported and the others still run.
    /// </summary>
    private static int RunAll(SuiteOptions options)
    {
        if (options.Output is not null)
            Console.WriteLine("# --out is ignored when every suite runs: each writes its own <suite>.json");
        var common = new List<string>();
        if (options.Quick)
            common.Add("--quick");
        if (options.Save)
            common.Add("--save");
        var all = SuiteOptions.Parse(common.ToArray());
        var clock = Stopwatch.StartNew();
        var rows = new List<(string Name, string Status, double Seconds)>();
        foreach (var suite in SuiteRegistry.All)
        {
            Console.WriteLine($"=== {suite.Name}: {suite.Description}");
            var start = clock.Elapsed;
            string status;
            if (SuitePrerequisites.Missing(suite, all) is { } reason)
            {
                status = "skipped: " + reason;
                Console.WriteLine($"{suite.Name} suite: {status}");
            }
            else
            {
                try
                {
                    var code = suite.Run(all);
                    status = code == 0 ? "ok" : $"exit code {code}";
                }
                catch (Exception ex)
                {
                    status = $"failed: {ex.GetType().Name}: {ex.Message}";
                    Console.WriteLine($"{suite.Name} suite {status}");
                    Console.WriteLine(ex);
                }
            }
            rows.Add((suite.Name, status, (clock.Elapsed - start).TotalSeconds));
        }
        Console.WriteLine();
        Console.WriteLine("| suite | status | seconds |");
        Console.WriteLine("|---|---|---|");
        foreach (var (name, status, seconds) in rows)
            Console.WriteLine($"| {name} | {status} | {seconds.ToString("F1", CultureInfo.InvariantCulture)} |");
        Console.WriteLine($"# all suites{(options.Quick ? " (quick)" : "")}: {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        return rows.Any(r => r.Status != "ok" && !r.Status.StartsWith("skipped", StringComparison.Ordinal)) ? 1 : 0;
    }

    private static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("usage: TradingEngine.Perf <suite> [--quick] [--save | --out <results.json>] [suite options]");
        writer.WriteLine("       TradingEngine.Perf [--quick] [--save]   every suite in turn (servers missing: that suite is skipped)");
        writer.WriteLine("results: perf/runs/<suite>.json (gitignored); --save replaces the committed perf/results/<suite>.json");
        writer.WriteLine("suites:");
        foreach (var suite in SuiteRegistry.All)
            writer.WriteLine($"  {suite.Name,-12} {suite.Description}");
    }
}
