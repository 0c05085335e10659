using System.CommandLine;
using TradingEngine.Nats;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// The connection options every NATS command shares: <c>--nats URL</c> (external) and <c>--nats-internal URL</c>.
/// Credentials and TLS files come from the environment only (<c>TE_NATS_USER</c>, <c>_PASSWORD</c>, <c>_TOKEN</c>,
/// <c>_NKEY_SEED_FILE</c>, <c>_TLS_CA</c>, <c>_TLS_CERT</c>, <c>_TLS_KEY</c>; <c>TE_NATS_INTERNAL_*</c> for the
/// internal connection), so secrets never appear in a process list or a shell history.
/// </summary>
public sealed class NatsOptions
{
    public Option<string?> Url { get; } = new("--nats") { Description = $"external NATS server URL (default: TE_NATS_URL, else {NatsEndpoint.DefaultUrl}); credentials and TLS from TE_NATS_* variables" };

    public Option<string?> InternalUrl { get; } = new("--nats-internal") { Description = "internal NATS server URL when it is another server or account (credentials from TE_NATS_INTERNAL_*); default: the external connection" };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(InternalUrl);
    }

    public NatsEndpoint External(ParseResult result, string name)
    {
        var endpoint = NatsEndpoint.FromEnvironment("TE_NATS", new NatsEndpoint { Name = name });
        return result.GetValue(Url) is { Length: > 0 } url ? endpoint with { Url = url } : endpoint;
    }

    public NatsEndpoint? Internal(ParseResult result, string name)
    {
        var url = result.GetValue(InternalUrl) ?? Environment.GetEnvironmentVariable("TE_NATS_INTERNAL_URL");
        if (string.IsNullOrEmpty(url))
            return null;
        return NatsEndpoint.FromEnvironment("TE_NATS_INTERNAL", new NatsEndpoint { Name = name + "-internal" }) with { Url = url };
    }
}
