using System.Diagnostics;

namespace TradingEngine.Perf;

/// <summary>Facts recorded beside every result: commit, CPU, cores, runtime, date.</summary>
public static class RunEnvironment
{
    /// <summary>The directory holding TradingEngine.sln, searched upwards from the working directory, then from the binary.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TradingEngine.sln")))
                    return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }

    public static string GitCommit()
    {
        try
        {
            var info = new ProcessStartInfo("git", "rev-parse HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepositoryRoot(),
            };
            using var git = Process.Start(info);
            if (git is null)
                return "unknown";
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && commit.Length > 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (git not found)";
        }
    }

    public static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                    return line[(line.IndexOf(':') + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return "unknown";
    }

    /// <summary>The 1, 5 and 15 minute load averages (/proc/loadavg), or "unknown": the machine is shared, so every figure states it.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static object Describe() => new
    {
        loadAverage = LoadAverage(),
        gitCommit = GitCommit(),
        cpuModel = CpuModel(),
        logicalCpus = Environment.ProcessorCount,
        runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        dateUtc = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };
}
