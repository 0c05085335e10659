using Npgsql;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Timescale;

namespace TradingEngine.IntegrationTests.Timescale;

/// <summary>A fresh database (<c>te_&lt;guid&gt;</c>) per test on the shared server or a private cluster, dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name)
    {
        // Unpooled: a pooled connection would be dead after a test restarts its server.
        _adminConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>On the shared server of ./run.sh test (skips or fails when it is not reachable).</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        await using (await Services.RequirePostgresAsync())
        {
        }
        return await CreateAsync(Services.PostgresConnectionString);
    }

    public static async Task<TestDatabase> CreateAsync(string adminConnectionString)
    {
        var name = "te_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return new TestDatabase(adminConnectionString, name);
    }

    public TimescaleOptions Options(string schema = "public") => new()
    {
        ConnectionString = ConnectionString,
        Schema = schema,
        RetryInitialDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(500),
    };

    public async Task<NpgsqlConnection> OpenAsync(string schema = "public")
    {
        var connection = new NpgsqlConnection(Options(schema).EffectiveConnectionString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string sql, string schema = "public")
    {
        await using var connection = await OpenAsync(schema);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<long> CountAsync(string table, string schema = "public") => ScalarAsync<long>($"SELECT count(*) FROM {table}", schema);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync(CancellationToken.None);
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // the server (a private cluster) may already be gone; its data directory goes with it
        }
    }
}
