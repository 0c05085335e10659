using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TradingEngine.IntegrationTests.Support;

/// <summary>
/// A nats-server of a test's own: its own free port, its own JetStream store and config under a temporary
/// directory, so a test that restarts or reconfigures a server never disturbs the shared one. Dispose kills it
/// and deletes the directory (also when the test fails). When nats-server is not installed the test fails under
/// <c>CI=true</c> and is skipped elsewhere, like <see cref="Services"/>.
/// </summary>
public sealed class NatsServerProcess : IAsyncDisposable
{
    private readonly string _configFile;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private NatsServerProcess(string directory, int port, string config)
    {
        Directory = directory;
        Port = port;
        _configFile = Path.Combine(directory, "nats.conf");
        File.WriteAllText(_configFile, config);
    }

    /// <summary>The temporary directory (store, config, whatever the test writes there: certificates, seeds).</summary>
    public string Directory { get; }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>What the server printed (for assertion messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>
    /// Starts a server with JetStream on a free port. <paramref name="extraConfig"/> is appended to the generated
    /// config (authorization, tls blocks); it may use <c>{dir}</c> for the temporary directory. <paramref name="environment"/>
    /// is added to the server's environment (the shipped infra/nats config reads its passwords from there).
    /// </summary>
    public static async Task<NatsServerProcess> StartAsync(string extraConfig = "", Action<string>? prepare = null, bool jetStream = true,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var executable = FindExecutable();
        var dir = System.IO.Directory.CreateTempSubdirectory("te-nats-").FullName;
        var port = FreePort();
        prepare?.Invoke(dir);
        var config = new StringBuilder()
            .AppendLine($"host: 127.0.0.1")
            .AppendLine($"port: {port}")
            .AppendLine(jetStream ? $"jetstream {{ store_dir: \"{Path.Combine(dir, "js")}\" }}" : "")
            .AppendLine(extraConfig.Replace("{dir}", dir, StringComparison.Ordinal))
            .ToString();
        var server = new NatsServerProcess(dir, port, config) { Executable = executable, ServerEnvironment = environment };
        try
        {
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private string Executable { get; init; } = "nats-server";

    private IReadOnlyDictionary<string, string>? ServerEnvironment { get; init; }

    /// <summary>Kills the server (like a crash: no lame-duck mode) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        var p = _process;
        _process = null;
        if (p is null)
            return;
        try
        {
            if (!p.HasExited)
                p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        p.Dispose();
    }

    /// <summary>
    /// SIGSTOP: the server stops answering but keeps its connections (a stalled server, not a dead one: clients see no
    /// disconnect, their writes fill the socket buffers). <see cref="ResumeAsync"/> continues it.
    /// </summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        var p = _process ?? throw new InvalidOperationException("the server is not running");
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { signal, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill {signal} {p.Id} exited with {kill.ExitCode}");
    }

    /// <summary>Kills and starts the server again on the same port and store: JetStream state survives.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in ServerEnvironment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(_configFile);
        var p = new Process { StartInfo = info };
        p.OutputDataReceived += (_, e) => Append(e.Data);
        p.ErrorDataReceived += (_, e) => Append(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;
        // ready when the port accepts connections (a restart may wait for the old socket to be released)
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (p.HasExited)
                throw new InvalidOperationException($"nats-server exited with code {p.ExitCode} at start:\n{Log}");
            if (await Accepts())
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"nats-server on port {Port} did not accept connections within 20 s:\n{Log}");
            await Task.Delay(50);
        }
    }

    private async Task<bool> Accepts()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by a dying process: the temp directory is cleaned by the OS later
        }
    }

    /// <summary>A port no one listens on now (the OS picks it; a tiny window remains until the server binds it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindExecutable()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(dir, "nats-server");
            if (File.Exists(candidate))
                return candidate;
        }
        var message = "nats-server is not installed (run the tests with ./run.sh test, which installs it)";
        if (Services.InCi)
            Assert.Fail(message);
        Assert.Skip(message);
        return "nats-server";
    }
}
