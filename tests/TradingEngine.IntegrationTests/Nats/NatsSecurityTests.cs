using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NATS.NKeys;
using TradingEngine.IntegrationTests.Support;
using TradingEngine.Nats;

namespace TradingEngine.IntegrationTests.Nats;

public sealed class NatsSecurityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task User_and_password_are_honoured_and_a_wrong_password_is_refused_with_a_clear_error_that_does_not_show_it()
    {
        await using var server = await NatsServerProcess.StartAsync("authorization { user: te, password: \"right-horse-battery\" }", jetStream: false);

        await using (var ok = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, User = "te", Password = "right-horse-battery" }, cancellationToken: Ct))
            await ok.PingAsync(Ct);

        var wrong = new NatsEndpoint { Url = server.Url, User = "te", Password = "wrong-staple-9" };
        var ex = await Assert.ThrowsAsync<NatsConnectionRefusedException>(() => NatsConnector.ConnectAsync(wrong, cancellationToken: Ct));
        Assert.True(ex.IsAuthorizationFailure, ex.Message);
        Assert.Contains("refused the credentials", ex.Message, StringComparison.Ordinal);
        Assert.Contains("user/password", ex.Message, StringComparison.Ordinal);
        Assert.Contains(server.Url, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-staple-9", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-staple-9", wrong.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_honoured_and_a_wrong_one_refused()
    {
        await using var server = await NatsServerProcess.StartAsync("authorization { token: \"tok-7f3a9\" }", jetStream: false);

        await using (var ok = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Token = "tok-7f3a9" }, cancellationToken: Ct))
            await ok.PingAsync(Ct);

        var ex = await Assert.ThrowsAsync<NatsConnectionRefusedException>(() => NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, Token = "tok-wrong" }, cancellationToken: Ct));
        Assert.True(ex.IsAuthorizationFailure, ex.Message);
        Assert.DoesNotContain("tok-wrong", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_nkey_seed_file_is_honoured_and_another_key_refused()
    {
        using var user = KeyPair.CreatePair(PrefixByte.User);
        using var stranger = KeyPair.CreatePair(PrefixByte.User);
        await using var server = await NatsServerProcess.StartAsync($"authorization {{ users = [ {{ nkey: {user.GetPublicKey()} }} ] }}", jetStream: false);
        var seedFile = Path.Combine(server.Directory, "user.nk");
        await File.WriteAllTextAsync(seedFile, "# engine user\n" + user.GetSeed() + "\n", Ct);
        var strangerFile = Path.Combine(server.Directory, "stranger.nk");
        await File.WriteAllTextAsync(strangerFile, stranger.GetSeed(), Ct);

        await using (var ok = await NatsConnector.ConnectAsync(new NatsEndpoint { Url = server.Url, NKeySeedFile = seedFile }, cancellationToken: Ct))
            await ok.PingAsync(Ct);

        var endpoint = new NatsEndpoint { Url = server.Url, NKeySeedFile = strangerFile };
        var ex = await Assert.ThrowsAsync<NatsConnectionRefusedException>(() => NatsConnector.ConnectAsync(endpoint, cancellationToken: Ct));
        Assert.True(ex.IsAuthorizationFailure, ex.Message);
        Assert.Contains("nkey", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(stranger.GetSeed(), ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_over_tls_is_reported_as_an_auth_failure_not_a_tls_one()
    {
        string dir = "";
        await using var server = await NatsServerProcess.StartAsync(
            """
            tls {
              cert_file: "{dir}/server.pem"
              key_file: "{dir}/server-key.pem"
              ca_file: "{dir}/ca.pem"
              timeout: 5
            }
            authorization { user: te, password: "tls-right-pw-5e" }
            """, prepare: d => { dir = d; TestCertificates.Write(d); }, jetStream: false);
        var right = new NatsEndpoint { Url = $"tls://127.0.0.1:{server.Port}", TlsCaFile = Path.Combine(dir, "ca.pem"), User = "te", Password = "tls-right-pw-5e" };
        await using (var ok = await NatsConnector.ConnectAsync(right, cancellationToken: Ct))
            await ok.PingAsync(Ct);

        foreach (var wrong in (NatsEndpoint[])[right with { Password = "tls-wrong-pw-8a" }, right with { User = null, Password = null, Url = $"tls://te:tls-wrong-pw-8a@127.0.0.1:{server.Port}" }])
        {
            var ex = await Assert.ThrowsAsync<NatsConnectionRefusedException>(() => NatsConnector.ConnectAsync(wrong, cancellationToken: Ct));
            Assert.True(ex.IsAuthorizationFailure, ex.Message);
            Assert.False(ex.IsTlsFailure, ex.Message);
            Assert.Contains("refused the credentials", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("tls-wrong-pw-8a", ex.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tls_with_a_test_made_ca_and_client_certificate_is_honoured_and_an_untrusted_server_is_refused()
    {
        string dir = "";
        await using var server = await NatsServerProcess.StartAsync(
            """
            tls {
              cert_file: "{dir}/server.pem"
              key_file: "{dir}/server-key.pem"
              ca_file: "{dir}/ca.pem"
              verify: true
              timeout: 5
            }
            """, prepare: d => { dir = d; TestCertificates.Write(d); }, jetStream: false);
        var trusted = new NatsEndpoint
        {
            Url = server.Url,
            TlsCaFile = Path.Combine(dir, "ca.pem"),
            TlsCertFile = Path.Combine(dir, "client.pem"),
            TlsKeyFile = Path.Combine(dir, "client-key.pem"),
        };

        await using (var ok = await NatsConnector.ConnectAsync(trusted, cancellationToken: Ct))
        {
            await using var sub = await ok.SubscribeCoreAsync<string>("tls.check", cancellationToken: Ct);
            await ok.PingAsync(Ct);
            await ok.PublishAsync("tls.check", "over tls", cancellationToken: Ct);
            var msg = await sub.Msgs.ReadAsync(Ct);
            Assert.Equal("over tls", msg.Data);
        }

        // without our CA the server's certificate is not trusted
        var untrusted = trusted with { TlsCaFile = null, TlsRequired = true };
        var ex = await Assert.ThrowsAsync<NatsConnectionRefusedException>(() => NatsConnector.ConnectAsync(untrusted, cancellationToken: Ct));
        Assert.True(ex.IsTlsFailure, ex.Message);

        // the server verifies clients: no client certificate, no connection
        var anonymous = trusted with { TlsCertFile = null, TlsKeyFile = null };
        await Assert.ThrowsAsync<NatsConnectionRefusedException>(() => NatsConnector.ConnectAsync(anonymous, cancellationToken: Ct));
    }

    /// <summary>A CA, a server certificate for 127.0.0.1 and a client certificate, as PEM files.</summary>
    private static class TestCertificates
    {
        public static void Write(string dir)
        {
            using var caKey = RSA.Create(2048);
            var caRequest = new CertificateRequest("CN=te-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
            using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(Path.Combine(dir, "ca.pem"), ca.ExportCertificatePem());
            Issue(dir, ca, caKey, "server", "CN=127.0.0.1", server: true);
            Issue(dir, ca, caKey, "client", "CN=te-engine", server: false);
        }

        private static void Issue(string dir, X509Certificate2 ca, RSA caKey, string name, string subject, bool server)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
            if (server)
            {
                var san = new SubjectAlternativeNameBuilder();
                san.AddIpAddress(IPAddress.Loopback);
                san.AddDnsName("localhost");
                request.CertificateExtensions.Add(san.Build());
            }
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
            var serial = RandomNumberGenerator.GetBytes(12);
            using var cert = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
                DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
            File.WriteAllText(Path.Combine(dir, $"{name}.pem"), cert.ExportCertificatePem());
            File.WriteAllText(Path.Combine(dir, $"{name}-key.pem"), key.ExportPkcs8PrivateKeyPem());
        }
    }
}
