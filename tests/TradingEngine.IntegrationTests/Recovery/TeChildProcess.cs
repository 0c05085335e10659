using System.Diagnostics;
using System.Text;

namespace TradingEngine.IntegrationTests.Recovery;

/// <summary>
/// <c>te</c> as a child process (<c>dotnet te.dll …</c> from the test's output directory), its stderr captured so a test
/// can wait for a line. <see cref="Kill"/> is SIGKILL: no shutdown code of the engine runs.
/// </summary>
public sealed class TeChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private TeChildProcess(Process process) => _process = process;

    public static TeChildProcess Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "te.dll"));
        foreach (var a in args)
            info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        var child = new TeChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        if (!process.Start())
            throw new InvalidOperationException("could not start dotnet te.dll");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Everything the child wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits (bounded) for the process to end on its own; its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException($"te (pid {_process.Id}) still running after {timeout.TotalSeconds:F0} s:\n{Output}");
        _process.WaitForExit(); // the output readers drain
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>SIGINT (Ctrl+C): te run stops cleanly. Returns the exit code.</summary>
    public int Interrupt(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        return WaitForExit(timeout);
    }

    /// <summary>SIGKILL, then waits (bounded) until the process is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
            throw new TimeoutException($"te (pid {_process.Id}) still running 20 s after SIGKILL");
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // never started
        }
        _process.Dispose();
    }
}
