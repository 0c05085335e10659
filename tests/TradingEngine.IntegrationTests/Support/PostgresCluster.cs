using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TradingEngine.IntegrationTests.Support;

/// <summary>
/// A private PostgreSQL cluster for tests that stop and start the server: its own free port and its own data
/// directory under a temporary folder, built with initdb/pg_ctl from <c>TE_PG_BIN</c> (as user postgres via
/// <c>runuser</c> when the tests run as root, working directory /tmp), so the shared server of <c>./run.sh test</c>
/// is never disturbed. <c>await using</c> it: disposal stops the server (immediate mode) and deletes the folder even
/// when the test failed; a process-exit hook catches clusters a crashed test run left behind.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<PostgresCluster, byte> s_live = new();
    private static readonly bool s_root = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";

    static PostgresCluster()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var cluster in s_live.Keys)
                cluster.StopQuietly();
        };
    }

    private readonly string _directory;
    private bool _disposed;

    private PostgresCluster(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; private set; }

    public string DataDirectory => Path.Combine(_directory, "pgdata");

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5";

    public static string Bin => Services.PostgresBin;

    /// <summary>initdb + start; skips (or fails under CI) when the PostgreSQL binaries are missing.</summary>
    public static async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")) || !File.Exists(Path.Combine(Bin, "pg_ctl")))
        {
            var message = $"PostgreSQL binaries not found in {Bin} (set TE_PG_BIN; ./run.sh test installs them)";
            if (Services.InCi)
                Assert.Fail(message);
            Assert.Skip(message);
        }
        var directory = Path.Combine(Path.GetTempPath(), "te-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var cluster = new PostgresCluster(directory, FreePort());
        s_live[cluster] = 0;
        try
        {
            Directory.CreateDirectory(cluster.DataDirectory);
            if (s_root)
                await RunAsync("chown", ["-R", "postgres:postgres", directory], asPostgres: false, cancellationToken);
            await RunAsync(Path.Combine(Bin, "initdb"),
                ["-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], asPostgres: true, cancellationToken);
            // the port comes from the ephemeral range, where another process's outgoing connection may take it before the
            // server binds it (seen once in a clean-clone run beside the three-node cluster test): then a new port
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await cluster.StartServerAsync(cancellationToken);
                    return cluster;
                }
                catch (InvalidOperationException) when (attempt < 3 && cluster.ServerLog().Contains("could not bind", StringComparison.Ordinal))
                {
                    cluster.Port = FreePort();
                }
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again after <see cref="StopServerAsync"/>, waiting until it accepts connections.</summary>
    public async Task StartServerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(Path.Combine(Bin, "pg_ctl"),
                ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
                 "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k /tmp -c fsync=off -c max_connections=50", "start"],
                asPostgres: true, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // pg_ctl only says "examine the log": the reason is in the server's log
            throw new InvalidOperationException($"{ex.Message}\nserver.log (end):\n{ServerLog()}", ex);
        }
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary><c>pg_ctl stop -m immediate</c> (a crash, as far as clients can tell) or <c>-m fast</c>.</summary>
    public Task StopServerAsync(bool immediate, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(Bin, "pg_ctl"), ["-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "stop"],
            asPostgres: true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        StopQuietly();
        s_live.TryRemove(this, out _);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a server that refused to die keeps files open; the temp folder is reclaimed by the OS eventually
        }
        await Task.CompletedTask;
    }

    private void StopQuietly()
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            return;
        try
        {
            RunAsync(Path.Combine(Bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], asPostgres: true,
                CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
    }

    /// <summary>The end of the server's log (empty when there is none).</summary>
    private string ServerLog()
    {
        var path = Path.Combine(_directory, "server.log");
        if (!File.Exists(path))
            return "";
        var text = File.ReadAllText(path);
        return text.Length > 2_000 ? text[^2_000..] : text;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> args, bool asPostgres, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo
        {
            WorkingDirectory = "/tmp",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && s_root)
        {
            info.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", program])
                info.ArgumentList.Add(a);
        }
        else
        {
            info.FileName = program;
        }
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}{await stdout}");
    }
}
