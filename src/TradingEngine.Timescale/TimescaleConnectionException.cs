using TradingEngine.Types;

namespace TradingEngine.Timescale;

/// <summary>
/// PostgreSQL refused us at start (<see cref="TimescaleConnectionCheck"/>): the message names the server, database and
/// user, the server's SQLSTATE and reason (<c>28P01: password authentication failed for user "te"</c>) — never the
/// password.
/// </summary>
public sealed class TimescaleConnectionException : Exception
{
    public TimescaleConnectionException(string message, Exception? inner = null) : base(SecretRedactor.Redact(message), inner)
    {
    }

    /// <summary>The server rejected the credentials (SQLSTATE class 28): fatal, retrying cannot help.</summary>
    public bool IsAuthenticationFailure { get; init; }

    /// <summary>The server could not be reached (connection refused, DNS, timeout): the sink may buffer and retry.</summary>
    public bool IsUnreachable { get; init; }

    /// <summary>The server's SQLSTATE when it answered (e.g. <c>28P01</c>, <c>3D000</c>).</summary>
    public string? SqlState { get; init; }

    public override string ToString() => SecretRedactor.Redact(base.ToString());
}
