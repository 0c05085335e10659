using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// Turns one input payload into an input-ring event: JSON (the external contract) or the binary frame.
/// Implementations resolve the symbol through the instrument registry and report every failure as a typed
/// <see cref="RejectReason"/>. Called on the NATS reader thread, one message at a time.
/// </summary>
public interface IInputDecoder
{
    /// <param name="payload">the message body, complete.</param>
    /// <param name="expected">the kind the subject promises (a quote on <c>ticks.raw</c> is rejected).</param>
    DecodeResult Decode(ReadOnlySpan<byte> payload, MarketEventKind expected, out MarketEvent evt);
}
