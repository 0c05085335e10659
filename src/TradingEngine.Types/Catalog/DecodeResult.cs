namespace TradingEngine.Types;

/// <summary>
/// The outcome of a decode: success, or a typed <see cref="RejectReason"/> with a message that names the field
/// and the value (built only on failure, so success allocates nothing).
/// </summary>
public readonly struct DecodeResult
{
    private DecodeResult(RejectReason reason, MessageType type, string? message)
    {
        Reason = reason;
        Type = type;
        Message = message;
    }

    public RejectReason Reason { get; }

    /// <summary>The message type when it was read before the failure, else <see cref="MessageType.None"/>.</summary>
    public MessageType Type { get; }

    public string? Message { get; }

    public bool IsSuccess => Reason == RejectReason.None;

    public static DecodeResult Success(MessageType type) => new(RejectReason.None, type, null);

    public static DecodeResult Reject(RejectReason reason, string message, MessageType type = MessageType.None) =>
        new(reason, type, message);

    public override string ToString() => IsSuccess ? $"ok {Type}" : $"{Reason}: {Message}";
}
