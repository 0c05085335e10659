using TradingEngine.Timescale;

namespace TradingEngine.Tests.Timescale;

public class TimescaleOptionsTests
{
    [Theory]
    [InlineData("public")]
    [InlineData("te_sink")]
    [InlineData("_x9")]
    public void Whitelisted_schema_names_are_accepted(string name) => Assert.True(SqlIdentifier.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData("Public")]
    [InlineData("9lives")]
    [InlineData("te-sink")]
    [InlineData("te sink")]
    [InlineData("x; DROP TABLE ticks")]
    [InlineData("\"quoted\"")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Anything_else_is_rejected_naming_the_setting(string name)
    {
        Assert.False(SqlIdentifier.IsValid(name));
        var options = new TimescaleOptions { ConnectionString = "Host=localhost", Schema = name };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("Schema", error.Message);
    }

    [Fact]
    public void The_schema_goes_on_the_search_path_ahead_of_public()
    {
        var options = new TimescaleOptions { ConnectionString = "Host=localhost;Username=postgres", Schema = "te_sink" };
        Assert.Equal("te_sink,public", new Npgsql.NpgsqlConnectionStringBuilder(options.EffectiveConnectionString()).SearchPath);
        Assert.Equal("public", new Npgsql.NpgsqlConnectionStringBuilder((options with { Schema = "public" }).EffectiveConnectionString()).SearchPath);
    }

    [Fact]
    public void A_memory_bound_below_one_chunk_is_rejected()
    {
        var options = new TimescaleOptions { ConnectionString = "Host=localhost", ChunkRows = 1000, MaxBufferedBytes = 119_999 };
        Assert.Contains("MaxBufferedBytes 119999 is below one chunk", Assert.Throws<ArgumentException>(options.Validate).Message);
        (options with { MaxBufferedBytes = 120_000 }).Validate();
        Assert.Equal(64L << 20, new TimescaleOptions { ConnectionString = "Host=localhost" }.MaxBufferedBytes);
    }
}
