namespace TradingEngine.Nats;

/// <summary>
/// What JetStream said to a batch: every message stored (new or recognised as a duplicate by its id), or why not.
/// A failed batch may be partly stored; the feeder re-sends it whole and the message ids drop the stored part.
/// </summary>
public readonly record struct GatewayPublishResult(bool Success, int Stored, int Duplicates, string? Failure)
{
    public static GatewayPublishResult Failed(string failure) => new(false, 0, 0, failure);
}
