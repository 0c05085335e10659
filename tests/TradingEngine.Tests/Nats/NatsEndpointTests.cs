using NATS.NKeys;
using TradingEngine.Nats;

namespace TradingEngine.Tests.Nats;

public sealed class NatsEndpointTests
{
    [Fact]
    public void The_environment_fills_url_credentials_and_tls_and_the_internal_prefix_is_separate()
    {
        var env = new Dictionary<string, string>
        {
            ["TE_NATS_URL"] = "nats://ext:4222",
            ["TE_NATS_USER"] = "engine",
            ["TE_NATS_PASSWORD"] = "pw-1",
            ["TE_NATS_TLS_CA"] = "/etc/te/ca.pem",
            ["TE_NATS_INTERNAL_URL"] = "nats://int:4222",
            ["TE_NATS_INTERNAL_TOKEN"] = "tok-2",
        };
        var external = NatsEndpoint.FromEnvironment("TE_NATS", getVariable: env.GetValueOrDefault);
        var @internal = NatsEndpoint.FromEnvironment("TE_NATS_INTERNAL", getVariable: env.GetValueOrDefault);

        Assert.Equal("nats://ext:4222", external.Url);
        Assert.Equal(("engine", "pw-1"), (external.User, external.Password));
        Assert.Equal("/etc/te/ca.pem", external.TlsCaFile);
        Assert.True(external.UsesTls);
        Assert.Equal("user/password", external.AuthMethod);
        Assert.Equal("nats://int:4222", @internal.Url);
        Assert.Equal("token", @internal.AuthMethod);
        Assert.Null(@internal.User);
        Assert.False(@internal.UsesTls);
    }

    [Fact]
    public void Secrets_never_appear_in_the_text_form_of_an_endpoint()
    {
        var endpoint = new NatsEndpoint { Url = "nats://h:4222", User = "u", Password = "hunter2-secret", Token = "tok-secret" };

        var text = endpoint.ToString();

        Assert.DoesNotContain("hunter2-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-secret", text, StringComparison.Ordinal);
        Assert.Contains("nats://h:4222", text, StringComparison.Ordinal);
        Assert.Contains("auth token", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_nkey_seed_file_becomes_the_seed_and_its_public_key_and_a_bad_file_is_named_without_its_content()
    {
        using var pair = KeyPair.CreatePair(PrefixByte.User);
        var dir = Directory.CreateTempSubdirectory("te-nkey-").FullName;
        try
        {
            var good = Path.Combine(dir, "user.nk");
            File.WriteAllText(good, "# a comment\n" + pair.GetSeed() + "\n");
            var opts = new NatsEndpoint { NKeySeedFile = good }.ToNatsOpts();
            Assert.Equal(pair.GetSeed(), opts.AuthOpts.Seed);
            Assert.Equal(pair.GetPublicKey(), opts.AuthOpts.NKey);

            var bad = Path.Combine(dir, "bad.nk");
            File.WriteAllText(bad, "SUNOTAREALSEEDATALL");
            var ex = Assert.Throws<ArgumentException>(() => new NatsEndpoint { NKeySeedFile = bad }.ToNatsOpts());
            Assert.Contains(bad, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("SUNOTAREALSEEDATALL", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Pending_channels_wait_instead_of_dropping_and_reconnects_never_give_up()
    {
        var opts = new NatsEndpoint().ToNatsOpts();

        Assert.Equal(System.Threading.Channels.BoundedChannelFullMode.Wait, opts.SubPendingChannelFullMode);
        Assert.Equal(-1, opts.MaxReconnectRetry);
    }

    [Fact]
    public void Half_configured_credentials_are_refused_before_connecting()
    {
        Assert.Throws<ArgumentException>(() => new NatsEndpoint { User = "u" }.ToNatsOpts());
        Assert.Throws<ArgumentException>(() => new NatsEndpoint { TlsCertFile = "/c.pem" }.ToNatsOpts());
        Assert.Throws<FileNotFoundException>(() => new NatsEndpoint { TlsCaFile = "/nonexistent/ca.pem" }.ToNatsOpts());
    }
}
