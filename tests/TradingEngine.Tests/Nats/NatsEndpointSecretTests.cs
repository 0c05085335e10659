using TradingEngine.Nats;

namespace TradingEngine.Tests.Nats;

/// <summary>Every text an endpoint or a refusal produces, with credentials given every way te accepts them.</summary>
public sealed class NatsEndpointSecretTests
{
    [Fact]
    public void A_password_or_token_in_the_url_is_masked_in_the_text_form_and_in_option_errors()
    {
        var withPassword = new NatsEndpoint { Url = "nats://te:url-pw-1@10.0.0.5:4222" };
        var withToken = new NatsEndpoint { Url = "nats://url-tok-2@10.0.0.5:4222" };

        Assert.Equal("nats://te:***@10.0.0.5:4222 (name te, auth in the URL)", withPassword.ToString());
        Assert.Equal("nats://***@10.0.0.5:4222", withToken.SafeUrl);
        var missing = Assert.Throws<ArgumentException>(() => (withPassword with { User = "x" }).ToNatsOpts());
        Assert.DoesNotContain("url-pw-1", missing.Message, StringComparison.Ordinal);
        var tls = Assert.Throws<FileNotFoundException>(() => (withToken with { TlsCaFile = "/nonexistent/ca.pem" }).ToNatsOpts());
        Assert.DoesNotContain("url-tok-2", tls.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_built_from_library_text_that_quotes_the_url_or_the_password_shows_neither()
    {
        var endpoint = new NatsEndpoint { Url = "tls://te:url-pw-3@h:4222", User = "te", Password = "field-pw-4" };
        var inner = new InvalidOperationException("connect to tls://te:url-pw-3@h:4222 failed: Authorization Violation (password field-pw-4)");

        var ex = NatsConnector.Describe(endpoint, new Exception("wrapper", inner));

        Assert.True(ex.IsAuthorizationFailure);
        Assert.False(ex.IsTlsFailure); // "tls://" in the URL and TLS in use: the server's verdict still wins
        foreach (var text in new[] { ex.Message, ex.ToString() })
        {
            Assert.DoesNotContain("url-pw-3", text, StringComparison.Ordinal);
            Assert.DoesNotContain("field-pw-4", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Passwords_and_tokens_come_from_files_named_by_the_environment_and_are_read_at_connect_time()
    {
        var dir = Directory.CreateTempSubdirectory("te-nats-secret-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "pw"), "file-pw-5\n");
            File.WriteAllText(Path.Combine(dir, "tok"), "file-tok-6\n");
            var env = new Dictionary<string, string>
            {
                ["TE_NATS_USER"] = "te",
                ["TE_NATS_PASSWORD_FILE"] = Path.Combine(dir, "pw"),
                ["TE_NATS_INTERNAL_TOKEN_FILE"] = Path.Combine(dir, "tok"),
                ["TE_NATS_INTERNAL_CREDS"] = Path.Combine(dir, "none.creds"),
            };
            var external = NatsEndpoint.FromEnvironment("TE_NATS", getVariable: env.GetValueOrDefault);
            var @internal = NatsEndpoint.FromEnvironment("TE_NATS_INTERNAL", getVariable: env.GetValueOrDefault);

            Assert.Null(external.Password);
            Assert.Equal("user/password", external.AuthMethod);
            var opts = external.ToNatsOpts();
            Assert.Equal(("te", "file-pw-5"), (opts.AuthOpts.Username, opts.AuthOpts.Password));
            Assert.DoesNotContain("file-pw-5", external.ToString(), StringComparison.Ordinal);
            Assert.Equal("file-tok-6", (@internal with { CredsFile = null }).ToNatsOpts().AuthOpts.Token);
            Assert.Equal("creds", @internal.AuthMethod);
            var missing = Assert.Throws<FileNotFoundException>(() => @internal.ToNatsOpts());
            Assert.Contains("none.creds", missing.Message, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir, "pw"), "");
            Assert.Throws<ArgumentException>(() => external.ToNatsOpts());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
