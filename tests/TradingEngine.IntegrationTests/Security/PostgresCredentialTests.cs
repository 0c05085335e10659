using Npgsql;
using TradingEngine.IntegrationTests.Support;

namespace TradingEngine.IntegrationTests.Security;

/// <summary>
/// PostgreSQL credentials through te's real command line (its own process, exit code and stderr as a user sees them),
/// against a private cluster that asks for passwords (scram-sha-256; the shared test server trusts everyone).
/// </summary>
public sealed class PostgresCredentialTests
{
    private const string Password = "right-Horse-7f";
    private const string WrongPassword = "wrong-Staple-3c";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_wrong_password_is_a_fatal_one_line_error_with_the_servers_reason_and_every_password_source_works()
    {
        await using var cluster = await PostgresCluster.StartAsync(Ct);
        await RequirePasswordsAsync(cluster);
        var baseConnection = $"Host=127.0.0.1;Port={cluster.Port};Username=te_app;Database=postgres;Timeout=10";
        var dir = Directory.CreateTempSubdirectory("te-pg-secrets-").FullName;
        try
        {
            // a wrong password: te sink status and te run stop at once, exit 1, and say why without showing the password
            var status = await TeProcess.RunAsync(["sink", "status", "--pg", $"{baseConnection};Password={WrongPassword}"]);
            AssertRefused(status);
            var run = await TeProcess.RunAsync(["run", "--pipeline", "pipelines/es_futures.yaml", "--symbols", "ES", "--nats", "nats://127.0.0.1:1",
                "--journal", Path.Combine(dir, "journal"), "--duration", "2", "--pg", $"{baseConnection};Password={WrongPassword}"]);
            AssertRefused(run);
            Assert.False(Directory.Exists(Path.Combine(dir, "journal")), "te run started its journal before the database refused it");

            // the right password from a file option: never on the command line
            var passwordFile = Path.Combine(dir, "pg-password");
            await File.WriteAllTextAsync(passwordFile, Password + "\n", Ct);
            var migrate = await TeProcess.RunAsync(["sink", "migrate", "--pg", baseConnection, "--pg-password-file", passwordFile]);
            Assert.True(migrate.ExitCode == 0, migrate.ToString());

            // ... from TE_PG_PASSWORD_FILE, from PGPASSWORD, and from a PostgreSQL passfile (Npgsql reads it as libpq does)
            var fromVariable = await TeProcess.RunAsync(["sink", "status", "--pg", baseConnection], new Dictionary<string, string?> { ["TE_PG_PASSWORD_FILE"] = passwordFile });
            Assert.True(fromVariable.ExitCode == 0, fromVariable.ToString());
            Assert.Contains("rows ticks 0", fromVariable.Out, StringComparison.Ordinal);
            var fromPgPassword = await TeProcess.RunAsync(["sink", "status", "--pg", baseConnection], new Dictionary<string, string?> { ["PGPASSWORD"] = Password });
            Assert.True(fromPgPassword.ExitCode == 0, fromPgPassword.ToString());
            var passfile = Path.Combine(dir, "pgpass");
            await File.WriteAllTextAsync(passfile, $"127.0.0.1:{cluster.Port}:*:te_app:{Password}\n", Ct);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var fromPassfile = await TeProcess.RunAsync(["sink", "status", "--pg", $"{baseConnection};Passfile={passfile}"]);
            Assert.True(fromPassfile.ExitCode == 0, fromPassfile.ToString());
            var fromPgPassfile = await TeProcess.RunAsync(["sink", "status", "--pg", baseConnection], new Dictionary<string, string?> { ["PGPASSFILE"] = passfile });
            Assert.True(fromPgPassfile.ExitCode == 0, fromPgPassfile.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("sink", "status")]
    [InlineData("sink", "migrate")]
    [InlineData("query", "candles")]
    public async Task A_malformed_connection_string_is_one_clear_line_exit_2_and_no_stack_trace(string command, string verb)
    {
        foreach (var pg in (string[])[$"Host=127.0.0.1;Port=not-a-port;Password={WrongPassword}", $"Password={WrongPassword};this is not a connection string"])
        {
            string[] args = command == "query" ? [command, verb, "--symbol", "ES", "--pg", pg] : [command, verb, "--pg", pg];
            var result = await TeProcess.RunAsync(args);
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("connection string", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongPassword, result.All, StringComparison.Ordinal);
        }
    }

    private static void AssertRefused(TeProcess.Result result)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("28P01", result.Error, StringComparison.Ordinal);
        Assert.Contains("refused the credentials", result.Error, StringComparison.Ordinal);
        Assert.Contains("te_app", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }

    /// <summary>A login role with a password, and a pg_hba.conf that asks for it over TCP (postgres keeps trust, for the test's own admin).</summary>
    private static async Task RequirePasswordsAsync(PostgresCluster cluster)
    {
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false"))
        {
            await admin.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE ROLE te_app LOGIN SUPERUSER PASSWORD '{Password}'", admin);
            await create.ExecuteNonQueryAsync(Ct);
        }
        // overwriting keeps the file's owner (postgres) and mode
        await File.WriteAllTextAsync(Path.Combine(cluster.DataDirectory, "pg_hba.conf"),
            "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n", Ct);
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false"))
        {
            await admin.OpenAsync(Ct);
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", admin);
            await reload.ExecuteScalarAsync(Ct);
        }
        await Task.Delay(300, Ct); // the postmaster rereads pg_hba.conf on SIGHUP
    }
}
