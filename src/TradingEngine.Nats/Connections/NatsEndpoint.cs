using NATS.Client.Core;
using NATS.NKeys;
using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Where and how to connect to one NATS server (or cluster seed): URL, credentials and TLS. Built from
/// configuration or the environment (<see cref="FromEnvironment"/>). Secrets (password, token, the NKey seed, a
/// password or token written into the URL) never appear in <see cref="ToString"/> or in any error message: only which
/// kind of credential was used (<see cref="SecretRedactor"/>). Every secret can come from a file
/// (<see cref="PasswordFile"/>, <see cref="TokenFile"/>, <see cref="NKeySeedFile"/>, <see cref="CredsFile"/>), read at
/// connect time only.
/// </summary>
public sealed record NatsEndpoint
{
    public const string DefaultUrl = "nats://127.0.0.1:4222";

    public string Url { get; init; } = DefaultUrl;

    /// <summary>Client name shown by the server's monitoring (<c>/connz</c>).</summary>
    public string Name { get; init; } = "te";

    public string? User { get; init; }
    public string? Password { get; init; }
    public string? Token { get; init; }

    /// <summary>A file whose first line is the password (instead of <see cref="Password"/>).</summary>
    public string? PasswordFile { get; init; }

    /// <summary>A file whose first line is the token (instead of <see cref="Token"/>).</summary>
    public string? TokenFile { get; init; }

    /// <summary>A NATS credentials file (<c>.creds</c>: the user JWT and its NKey seed) of decentralized (operator) auth.</summary>
    public string? CredsFile { get; init; }

    /// <summary>Path of a file holding an NKey user seed (<c>SU…</c>); the seed itself is read at connect time only.</summary>
    public string? NKeySeedFile { get; init; }

    /// <summary>PEM file of the CA that signed the server certificate; setting it (or a client certificate) requires TLS.</summary>
    public string? TlsCaFile { get; init; }
    public string? TlsCertFile { get; init; }
    public string? TlsKeyFile { get; init; }

    /// <summary>Require TLS even without a custom CA (the system trust store then verifies the server).</summary>
    public bool TlsRequired { get; init; }

    /// <summary>How long <see cref="NatsConnector"/> waits for the first connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public bool UsesTls => TlsRequired || TlsCaFile is not null || TlsCertFile is not null || Url.StartsWith("tls://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The kind of credential, for logs and errors: never the credential itself.</summary>
    public string AuthMethod =>
        CredsFile is not null ? "creds" : NKeySeedFile is not null ? "nkey" : Token is not null || TokenFile is not null ? "token"
        : User is not null ? "user/password" : UrlHasCredentials ? "in the URL" : "none";

    /// <summary><see cref="Url"/> with any user info masked: the form every message prints.</summary>
    public string SafeUrl => SecretRedactor.Redact(Url, Password, Token);

    private bool UrlHasCredentials => Uri.TryCreate(Url.Split(',')[0], UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0;

    /// <summary>
    /// Reads <c>{prefix}_URL</c>, <c>_USER</c>, <c>_PASSWORD</c>, <c>_PASSWORD_FILE</c>, <c>_TOKEN</c>, <c>_TOKEN_FILE</c>,
    /// <c>_NKEY_SEED_FILE</c>, <c>_CREDS</c>, <c>_TLS_CA</c>, <c>_TLS_CERT</c>, <c>_TLS_KEY</c>, <c>_TLS_REQUIRED</c> (prefix <c>TE_NATS</c> for the external connection,
    /// <c>TE_NATS_INTERNAL</c> for the internal one); unset variables keep the values of <paramref name="defaults"/>.
    /// </summary>
    public static NatsEndpoint FromEnvironment(string prefix = "TE_NATS", NatsEndpoint? defaults = null, Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var d = defaults ?? new NatsEndpoint();
        string? Get(string name) => getVariable($"{prefix}_{name}") is { Length: > 0 } v ? v : null;
        return d with
        {
            Url = Get("URL") ?? d.Url,
            User = Get("USER") ?? d.User,
            Password = Get("PASSWORD") ?? d.Password,
            PasswordFile = Get("PASSWORD_FILE") ?? d.PasswordFile,
            Token = Get("TOKEN") ?? d.Token,
            TokenFile = Get("TOKEN_FILE") ?? d.TokenFile,
            CredsFile = Get("CREDS") ?? d.CredsFile,
            NKeySeedFile = Get("NKEY_SEED_FILE") ?? d.NKeySeedFile,
            TlsCaFile = Get("TLS_CA") ?? d.TlsCaFile,
            TlsCertFile = Get("TLS_CERT") ?? d.TlsCertFile,
            TlsKeyFile = Get("TLS_KEY") ?? d.TlsKeyFile,
            TlsRequired = Get("TLS_REQUIRED") is { } t ? t is "1" or "true" or "TRUE" or "True" : d.TlsRequired,
        };
    }

    /// <summary>
    /// The NATS.Net options. Pending-message channels wait instead of dropping (the library's default drops the
    /// newest message silently): back-pressure then reaches the server, which is visible, not lost data.
    /// Reconnects retry forever: a server restart is survived, and the gap is reported by the ingestor.
    /// </summary>
    public NatsOpts ToNatsOpts(int subPendingCapacity = 65_536)
    {
        if (User is not null && Password is null && PasswordFile is null)
            throw new ArgumentException($"NATS endpoint {SafeUrl}: a user name is set but no password (TE_NATS_PASSWORD_FILE or --nats-password-file)");
        if ((TlsCertFile is null) != (TlsKeyFile is null))
            throw new ArgumentException($"NATS endpoint {SafeUrl}: a TLS client certificate needs both a certificate file and a key file");
        var auth = NatsAuthOpts.Default;
        if (CredsFile is not null)
        {
            if (!File.Exists(CredsFile))
                throw new FileNotFoundException($"NATS credentials file '{CredsFile}' does not exist", CredsFile);
            auth = auth with { CredsFile = CredsFile };
        }
        else if (NKeySeedFile is not null)
        {
            var (seed, publicKey) = ReadNKeySeed(NKeySeedFile);
            auth = auth with { Seed = seed, NKey = publicKey };
        }
        else if (Token is not null || TokenFile is not null)
            auth = auth with { Token = Token ?? ReadSecretFile(TokenFile!, "token") };
        else if (User is not null)
            auth = auth with { Username = User, Password = Password ?? ReadSecretFile(PasswordFile!, "password") };

        var tls = NatsTlsOpts.Default;
        if (UsesTls)
        {
            foreach (var file in new[] { TlsCaFile, TlsCertFile, TlsKeyFile })
            {
                if (file is not null && !File.Exists(file))
                    throw new FileNotFoundException($"NATS endpoint {SafeUrl}: TLS file '{file}' does not exist", file);
            }
            tls = tls with { Mode = TlsMode.Require, CaFile = TlsCaFile, CertFile = TlsCertFile, KeyFile = TlsKeyFile };
        }

        return NatsOpts.Default with
        {
            Url = Url,
            Name = Name,
            AuthOpts = auth,
            TlsOpts = tls,
            ConnectTimeout = ConnectTimeout,
            SubPendingChannelCapacity = subPendingCapacity,
            SubPendingChannelFullMode = System.Threading.Channels.BoundedChannelFullMode.Wait,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(50),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            ReconnectJitter = TimeSpan.FromMilliseconds(50),
            // a refused credential is final: retrying it forever would only hide the error
            IgnoreAuthErrorAbort = false,
        };
    }

    /// <summary>The first line of a secret file, trimmed; the message names the file, never its content.</summary>
    internal static string ReadSecretFile(string path, string what)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"NATS {what} file '{path}' does not exist", path);
        var secret = File.ReadLines(path).FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(secret))
            throw new ArgumentException($"NATS {what} file '{path}' is empty; expected the {what} on its first line");
        return secret;
    }

    private static (string Seed, string PublicKey) ReadNKeySeed(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"NKey seed file '{path}' does not exist", path);
        // the file may hold comments or a creds-style block: the seed is the one line that starts with 'SU'
        var seed = File.ReadLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("SU", StringComparison.Ordinal));
        if (seed is null)
            throw new ArgumentException($"NKey seed file '{path}' holds no user seed (a line starting with 'SU')");
        try
        {
            using var pair = KeyPair.FromSeed(seed);
            return (seed, pair.GetPublicKey());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // the exception text could quote the seed: keep only its type
            throw new ArgumentException($"NKey seed file '{path}' holds an invalid user seed ({ex.GetType().Name})");
        }
    }

    /// <summary>URL, name, auth method and TLS files: safe to log.</summary>
    public override string ToString() =>
        $"{SafeUrl} (name {Name}, auth {AuthMethod}{(UsesTls ? $", tls ca={TlsCaFile ?? "system"} client-cert={(TlsCertFile is null ? "no" : "yes")}" : "")})";
}
