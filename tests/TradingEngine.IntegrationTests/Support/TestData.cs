namespace TradingEngine.IntegrationTests.Support;

/// <summary>
/// Finds the real market data in <c>../shared/data</c> (or <c>TE_DATA_DIR</c>), as tests/TradingEngine.Tests/Support/TestData.cs
/// does for the unit tests. A test that needs it calls <see cref="Require"/>: under <c>CI=true</c> missing data fails
/// the test, elsewhere the test is skipped with a message that says where the data was looked for.
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
        if (Services.InCi)
            Assert.Fail(message);
        Assert.Skip(message);
        return path; // not reached: Assert.Skip throws
    }

    private static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("TE_DATA_DIR");
        if (!string.IsNullOrWhiteSpace(env))
            return Path.GetFullPath(env);
        return Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data"));
    }

    /// <summary>
    /// The directory holding TradingEngine.sln: up from the test assembly, else (builds with TE_ARTIFACTS put the
    /// assembly outside the tree) up from this source file's compile-time path.
    /// </summary>
    public static string RepositoryRoot() =>
        FindUp(AppContext.BaseDirectory) ?? FindUp(Path.GetDirectoryName(SourcePath()) ?? "") ?? Directory.GetCurrentDirectory();

    private static string? FindUp(string start)
    {
        var dir = start.Length == 0 ? null : new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TradingEngine.sln")))
            dir = dir.Parent;
        return dir?.FullName;
    }

    private static string SourcePath([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
