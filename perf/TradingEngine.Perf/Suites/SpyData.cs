namespace TradingEngine.Perf.Suites;

/// <summary>
/// Where the real SPY trade ticks of 7–11 Oct 2013 are (issue 7's data set: 1,887,460 rows in five daily Lean files):
/// <c>TE_DATA_DIR</c>, else <c>../shared/data</c> beside the repository.
/// </summary>
public static class SpyData
{
    public static string DataRoot()
    {
        var env = Environment.GetEnvironmentVariable("TE_DATA_DIR");
        return !string.IsNullOrWhiteSpace(env) ? env : Path.GetFullPath(Path.Combine(RunEnvironment.RepositoryRoot(), "..", "shared", "data"));
    }

    public static string TradesDirectory() => Path.Combine(DataRoot(), "ticks", "lean_equity_2013-10", "trades");

    /// <summary>The SPY trade files in date order; <paramref name="quick"/> keeps the first day. Empty when the data is missing.</summary>
    public static string[] Files(bool quick)
    {
        var dir = TradesDirectory();
        if (!Directory.Exists(dir))
            return [];
        var files = Directory.GetFiles(dir, "*_spy_*").Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToArray();
        return quick && files.Length > 1 ? files[..1] : files;
    }

    /// <summary>The message a suite prints when it skips for want of the data.</summary>
    public static string MissingMessage(string suite) =>
        $"{suite} suite: skipped, no SPY trade files (*_spy_*.csv) in '{TradesDirectory()}' (set TE_DATA_DIR to the shared data folder)";
}
