using NATS.Client.Core;
using Npgsql;

namespace TradingEngine.IntegrationTests.Support;

/// <summary>
/// Endpoints of the servers that <c>./run.sh test</c> starts (tests/services.sh). A test that needs one calls
/// <see cref="RequireNatsAsync"/> or <see cref="RequirePostgresAsync"/>: when the server does not answer, the test
/// fails under <c>CI=true</c> and is skipped with the reason elsewhere (e.g. <c>dotnet test</c> run by hand).
/// </summary>
public static class Services
{
    public static string NatsUrl => Environment.GetEnvironmentVariable("TE_NATS_URL") ?? "nats://127.0.0.1:14222";

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("TE_PG") ?? "Host=127.0.0.1;Port=15432;Username=postgres;Database=postgres";

    public static string PostgresBin => Environment.GetEnvironmentVariable("TE_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static async Task<NatsConnection> RequireNatsAsync()
    {
        var connection = new NatsConnection(new NatsOpts { Url = NatsUrl, Name = "te-integration-tests", ConnectTimeout = TimeSpan.FromSeconds(5) });
        try
        {
            await connection.ConnectAsync();
            return connection;
        }
        catch (Exception ex)
        {
            await connection.DisposeAsync();
            Unavailable($"nats-server at {NatsUrl}", ex);
            throw;
        }
    }

    public static async Task<NpgsqlConnection> RequirePostgresAsync()
    {
        var connection = new NpgsqlConnection(PostgresConnectionString);
        try
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            return connection;
        }
        catch (Exception ex)
        {
            await connection.DisposeAsync();
            Unavailable($"PostgreSQL at {PostgresConnectionString}", ex);
            throw;
        }
    }

    private static void Unavailable(string what, Exception ex)
    {
        var message = $"{what} is not reachable ({ex.GetType().Name}: {ex.Message}); run the tests with ./run.sh test, which starts it";
        if (InCi)
            Assert.Fail(message);
        Assert.Skip(message);
    }
}
