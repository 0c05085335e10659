namespace TradingEngine.Nats;

/// <summary>NATS could not answer a question the gateway must have answered before it replies (HTTP 503, retry later).</summary>
public sealed class GatewayUnavailableException : Exception
{
    public GatewayUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
