using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// A NATS server could not be reached or refused us. The message names the endpoint, the auth method and the
/// server's own reason (for example <c>Authorization Violation</c>) — never a secret: the message is redacted, and so
/// is <see cref="ToString"/>, which also prints the library's inner exception (whose text may quote the URL).
/// </summary>
public sealed class NatsConnectionRefusedException : Exception
{
    private readonly string?[] _secrets;

    public NatsConnectionRefusedException(string message, Exception? inner = null, params string?[] knownSecrets)
        : base(SecretRedactor.Redact(message, knownSecrets), inner) => _secrets = knownSecrets;

    /// <summary>True when the server rejected the credentials (as opposed to being unreachable or a TLS failure).</summary>
    public bool IsAuthorizationFailure { get; init; }

    /// <summary>True when the TLS handshake failed (unknown CA, missing client certificate, …).</summary>
    public bool IsTlsFailure { get; init; }

    public override string ToString() => SecretRedactor.Redact(base.ToString(), _secrets);
}
