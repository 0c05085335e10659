using TradingEngine.Types;

namespace TradingEngine.Tests.Types;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("nats://te:hunter2@127.0.0.1:4222", "nats://te:***@127.0.0.1:4222")]
    [InlineData("on tls://engine:p@ss:w0rd@nats.example:4222 (name te)", "on tls://engine:***@nats.example:4222 (name te)")]
    [InlineData("nats://s3cr3t-token@host:4222", "nats://***@host:4222")]
    [InlineData("nats://a:pw1@h1:4222,nats://b:pw2@h2:4222", "nats://a:***@h1:4222,nats://b:***@h2:4222")]
    [InlineData("postgresql://te:pg-pw@db:5432/te", "postgresql://te:***@db:5432/te")]
    [InlineData("nats://127.0.0.1:4222 (name te, auth none)", "nats://127.0.0.1:4222 (name te, auth none)")]
    [InlineData("mail ops@example.com about nats://h:4222", "mail ops@example.com about nats://h:4222")]
    public void Urls_lose_their_password_or_token_and_keep_everything_else(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(text));

    [Theory]
    [InlineData("Host=db;Password=pg-pw;Username=te", "Host=db;Password=***;Username=te")]
    [InlineData("Host=db;password = 'a;b';Database=x", "Host=db;password = ***;Database=x")]
    [InlineData("Host=db;PWD=\"q\"\"uoted\";Port=5432", "Host=db;PWD=***;Port=5432")]
    [InlineData("SSL Password=cert-pw;Host=db", "SSL Password=***;Host=db")]
    [InlineData("token=abc123 in a message", "token=*** in a message")]
    public void Connection_string_secrets_are_masked(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(text));

    [Fact]
    public void Nkey_seeds_and_known_secret_values_are_masked_anywhere_in_a_message()
    {
        var seed = "SUAIBDPBAUTWCWBKIO6XHQNINK5FWJW4OHLXC3HQ2KFE4PEJUA44CNHTC4";
        var text = $"bad seed {seed}; server said: password 'hunter22' rejected for te";

        var redacted = SecretRedactor.Redact(text, "hunter22", null, "");

        Assert.Equal("bad seed ***; server said: password '***' rejected for te", redacted);
        Assert.Equal("", SecretRedactor.Redact(null));
        // a two-character secret would mask ordinary words: only URLs and key=value pairs are searched for it
        Assert.Equal("te is up", SecretRedactor.Redact("te is up", "te"));
    }
}
