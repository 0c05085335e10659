using System.CommandLine;
using TradingEngine.Nats;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// The connection options every NATS command shares: <c>--nats URL</c> (external) and <c>--nats-internal URL</c>, and
/// the external connection's credentials as files (<c>--nats-user</c>, <c>--nats-password-file</c>,
/// <c>--nats-token-file</c>, <c>--nats-nkey</c>, <c>--nats-creds</c>). Secrets themselves are never command-line
/// values, so they never appear in a process list or a shell history: a file option, or the environment
/// (<c>TE_NATS_USER</c>, <c>_PASSWORD</c>, <c>_PASSWORD_FILE</c>, <c>_TOKEN</c>, <c>_TOKEN_FILE</c>, <c>_NKEY_SEED_FILE</c>,
/// <c>_CREDS</c>, <c>_TLS_CA</c>, <c>_TLS_CERT</c>, <c>_TLS_KEY</c>; <c>TE_NATS_INTERNAL_*</c> for the internal
/// connection). A URL with a password in it still works, and is printed masked (docs/security.md).
/// </summary>
internal sealed class NatsOptions
{
    public Option<string?> Url { get; } = new("--nats") { Description = $"external NATS server URL (default: TE_NATS_URL, else {NatsEndpoint.DefaultUrl}); credentials and TLS from TE_NATS_* variables or the --nats-* file options" };

    public Option<string?> InternalUrl { get; } = new("--nats-internal") { Description = "internal NATS server URL when it is another server or account (credentials from TE_NATS_INTERNAL_*); default: the external connection" };

    public Option<string?> User { get; } = new("--nats-user") { Description = "NATS user name (default: TE_NATS_USER); the password from --nats-password-file or TE_NATS_PASSWORD(_FILE)" };

    public Option<FileInfo?> PasswordFile { get; } = new("--nats-password-file") { Description = "file whose first line is the NATS password (default: TE_NATS_PASSWORD_FILE)" };

    public Option<FileInfo?> TokenFile { get; } = new("--nats-token-file") { Description = "file whose first line is the NATS token (default: TE_NATS_TOKEN_FILE)" };

    public Option<FileInfo?> NKeySeedFile { get; } = new("--nats-nkey") { Description = "NKey user seed file (default: TE_NATS_NKEY_SEED_FILE)" };

    public Option<FileInfo?> CredsFile { get; } = new("--nats-creds") { Description = "NATS credentials file, user JWT and seed (default: TE_NATS_CREDS)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(InternalUrl);
        command.Options.Add(User);
        command.Options.Add(PasswordFile);
        command.Options.Add(TokenFile);
        command.Options.Add(NKeySeedFile);
        command.Options.Add(CredsFile);
    }

    public NatsEndpoint External(ParseResult result, string name)
    {
        var endpoint = NatsEndpoint.FromEnvironment("TE_NATS", new NatsEndpoint { Name = name });
        return endpoint with
        {
            Url = result.GetValue(Url) is { Length: > 0 } url ? url : endpoint.Url,
            User = result.GetValue(User) ?? endpoint.User,
            PasswordFile = result.GetValue(PasswordFile)?.FullName ?? endpoint.PasswordFile,
            TokenFile = result.GetValue(TokenFile)?.FullName ?? endpoint.TokenFile,
            NKeySeedFile = result.GetValue(NKeySeedFile)?.FullName ?? endpoint.NKeySeedFile,
            CredsFile = result.GetValue(CredsFile)?.FullName ?? endpoint.CredsFile,
        };
    }

    public NatsEndpoint? Internal(ParseResult result, string name)
    {
        var url = result.GetValue(InternalUrl) ?? Environment.GetEnvironmentVariable("TE_NATS_INTERNAL_URL");
        if (string.IsNullOrEmpty(url))
            return null;
        return NatsEndpoint.FromEnvironment("TE_NATS_INTERNAL", new NatsEndpoint { Name = name + "-internal" }) with { Url = url };
    }
}
