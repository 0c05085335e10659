namespace TradingEngine.Tests.Support;

/// <summary>
/// Finds the real market data in <c>../shared/data</c> (or <c>TE_DATA_DIR</c>). A test that needs it calls
/// <see cref="Require"/>: under <c>CI=true</c> missing data fails the test, elsewhere the test is skipped
/// with a message that says where the data was looked for.
/// </summary>
public static class TestData
{
    public static string Root { get; } = Locate();

    public static bool Available => Directory.Exists(Root);

    /// <summary>Returns the absolute path of <paramref name="relative"/> under the data root, or skips/fails.</summary>
    public static string Require(string relative)
    {
        var path = Path.Combine(Root, relative);
        if (File.Exists(path) || Directory.Exists(path))
            return path;
        var message = $"real market data not found: '{path}' (set TE_DATA_DIR, default ../shared/data from the repository root)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(message);
        Assert.Skip(message);
        return path; // not reached: Assert.Skip throws
    }

    private static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("TE_DATA_DIR");
        if (!string.IsNullOrWhiteSpace(env))
            return Path.GetFullPath(env);
        var repo = RepositoryRoot();
        return Path.GetFullPath(Path.Combine(repo, "..", "shared", "data"));
    }

    /// <summary>The directory holding TradingEngine.sln: recorded at build time, else found by walking up from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        var recorded = typeof(TestData).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "TradingEngine.sln")))
            return Path.GetFullPath(recorded);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TradingEngine.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
