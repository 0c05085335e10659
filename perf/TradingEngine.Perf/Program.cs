namespace TradingEngine.Perf;

/// <summary>
/// The macro perf harness: <c>TradingEngine.Perf &lt;suite&gt; [--quick] [suite options]</c>.
/// Each suite lives in its own folder and is listed in <see cref="SuiteRegistry"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help" or "list")
        {
            PrintUsage(Console.Out);
            return args.Length == 0 ? 2 : 0;
        }
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

    private static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("usage: TradingEngine.Perf <suite> [--quick] [--out <results.json>] [suite options]");
        writer.WriteLine("suites:");
        foreach (var suite in SuiteRegistry.All)
            writer.WriteLine($"  {suite.Name,-12} {suite.Description}");
    }
}
