using Npgsql;
using TradingEngine.Timescale;

namespace TradingEngine.Tests.Timescale;

public sealed class TimescaleOptionsSecretTests
{
    [Theory]
    [InlineData("Host=db;Port=not-a-port;Password=pg-pw-1")]
    [InlineData("Password=pg-pw-1;this is not a connection string")]
    [InlineData("Host=db;NoSuchKeyword=1;Password=pg-pw-1")]
    public void A_malformed_connection_string_fails_validation_with_one_line_that_does_not_show_the_password(string connectionString)
    {
        var options = new TimescaleOptions { ConnectionString = connectionString };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("connection string is malformed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pg-pw-1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal("(malformed connection string)", options.SafeDescription);
    }

    [Fact]
    public void The_password_file_sets_the_password_at_connect_time_and_the_description_never_shows_one()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "pg-file-pw-2\n");
            var options = new TimescaleOptions { ConnectionString = "Host=db;Port=5433;Username=te;Database=ticks;Password=old-pw-3", PasswordFile = file };

            options.Validate();
            Assert.Equal("pg-file-pw-2", new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString()).Password);
            Assert.Equal("db:5433/ticks as te", options.SafeDescription);
            Assert.Throws<ArgumentException>((options with { PasswordFile = file + ".missing" }).Validate);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_refusal_message_is_redacted_even_when_the_servers_text_quotes_the_connection_string()
    {
        var ex = new TimescaleConnectionException("PostgreSQL db:5432/x as te refused the credentials: 28P01: Host=db;Password=leak-pw-4");

        Assert.DoesNotContain("leak-pw-4", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("leak-pw-4", ex.ToString(), StringComparison.Ordinal);
    }
}
