namespace TradingEngine.Nats;

/// <summary>
/// One accepted row of an HTTP batch on its way into JetStream: the input subject it belongs on, the payload byte for byte,
/// and the <c>Nats-Msg-Id</c> (feeder/session/batch/row) the stream deduplicates a re-sent row on within its window.
/// </summary>
public readonly record struct GatewayMessage(string Subject, ReadOnlyMemory<byte> Payload, string MessageId);
