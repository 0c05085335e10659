namespace TradingEngine.Nats;

/// <summary>
/// A NATS server could not be reached or refused us. The message names the endpoint, the auth method and the
/// server's own reason (for example <c>Authorization Violation</c>) — never a secret.
/// </summary>
public sealed class NatsConnectionRefusedException : Exception
{
    public NatsConnectionRefusedException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    /// <summary>True when the server rejected the credentials (as opposed to being unreachable or a TLS failure).</summary>
    public bool IsAuthorizationFailure { get; init; }

    /// <summary>True when the TLS handshake failed (unknown CA, missing client certificate, …).</summary>
    public bool IsTlsFailure { get; init; }
}
