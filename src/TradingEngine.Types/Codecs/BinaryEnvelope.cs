namespace TradingEngine.Types;

/// <summary>What wraps the message in a binary frame (header byte 3).</summary>
public enum BinaryEnvelope : byte
{
    /// <summary>The message alone.</summary>
    Message = 0,
    /// <summary>An input-ring slot: source sequence (i64) before the message.</summary>
    MarketEvent = 1,
    /// <summary>An output-ring slot: node id (i32), output index (i32, −1: not numbered) and source sequence (i64) before the message.</summary>
    OutputMessage = 2,
}
