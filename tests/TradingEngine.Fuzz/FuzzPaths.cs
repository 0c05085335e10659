using System.Reflection;

namespace TradingEngine.Fuzz;

/// <summary>The repository root and the real market data (<c>TE_DATA_DIR</c>, default <c>../shared/data</c>), for seeds.</summary>
public static class FuzzPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string DataRoot { get; } = Environment.GetEnvironmentVariable("TE_DATA_DIR") is { Length: > 0 } dir
        ? Path.GetFullPath(dir)
        : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    /// <summary>A scratch folder of this process for targets whose decoder reads files.</summary>
    public static string Scratch { get; } = CreateScratch();

    /// <summary>The first <paramref name="maxBytes"/> bytes of a data file cut at a line end, or null when the data is missing.</summary>
    public static byte[]? DataSample(string relative, int maxBytes = 2048)
    {
        var path = Path.Combine(DataRoot, relative);
        if (!File.Exists(path))
            return null;
        using var file = File.OpenRead(path);
        var buffer = new byte[Math.Min(maxBytes, file.Length)];
        file.ReadExactly(buffer);
        var end = buffer.Length == file.Length ? buffer.Length : Array.LastIndexOf(buffer, (byte)'\n') + 1;
        return buffer[..Math.Max(end, 1)];
    }

    private static string FindRoot()
    {
        var recorded = typeof(FuzzPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "TradingEngine.sln")))
            return Path.GetFullPath(recorded);
        var at = new DirectoryInfo(AppContext.BaseDirectory);
        while (at is not null && !File.Exists(Path.Combine(at.FullName, "TradingEngine.sln")))
            at = at.Parent;
        return at?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static string CreateScratch()
    {
        var path = Path.Combine(Path.GetTempPath(), $"te-fuzz-{Environment.ProcessId}");
        Directory.CreateDirectory(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                // a reader still holds a file: the temp folder is cleaned by the system
            }
        };
        return path;
    }
}
