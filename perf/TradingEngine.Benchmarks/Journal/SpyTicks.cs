using TradingEngine.Journal.Import;
using TradingEngine.Types;

namespace TradingEngine.Benchmarks.Journal;

/// <summary>The real SPY trade ticks of 7–11 Oct 2013 (1,887,460 rows, every field kept), loaded once per process.</summary>
public static class SpyTicks
{
    private static Tick[]? s_ticks;

    public static Tick[] Load()
    {
        if (s_ticks is not null)
            return s_ticks;
        var dir = Path.Combine(DataRoot(), "ticks", "lean_equity_2013-10", "trades");
        var files = Directory.GetFiles(dir, "*_spy_Trade_Tick.csv").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new DirectoryNotFoundException($"no SPY tick files in '{dir}' (set TE_DATA_DIR to the shared data folder)");
        var ticks = new List<Tick>(1_900_000);
        foreach (var file in files)
        {
            using var reader = new LeanEquityTradeReader(file, new SymbolId(1));
            foreach (var tick in reader)
                ticks.Add(tick);
        }
        return s_ticks = ticks.ToArray();
    }

    /// <summary><c>TE_DATA_DIR</c>, else <c>../shared/data</c> next to the repository (found by walking up to TradingEngine.sln).</summary>
    public static string DataRoot()
    {
        var env = Environment.GetEnvironmentVariable("TE_DATA_DIR");
        if (!string.IsNullOrWhiteSpace(env))
            return env;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TradingEngine.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
        return Path.GetFullPath(Path.Combine("..", "shared", "data"));
    }
}
