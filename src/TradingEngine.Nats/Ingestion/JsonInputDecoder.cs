using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>The external JSON contract, decoded by the catalog's <see cref="JsonMessageDecoder"/>, restricted to the subject's kind.</summary>
public sealed class JsonInputDecoder : IInputDecoder
{
    private readonly JsonMessageDecoder _decoder;

    public JsonInputDecoder(JsonMessageDecoder decoder) => _decoder = decoder;

    public JsonInputDecoder(SymbolRegistry symbols, InstrumentRegistry? instruments = null) : this(new JsonMessageDecoder(symbols, instruments))
    {
    }

    public DecodeResult Decode(ReadOnlySpan<byte> payload, MarketEventKind expected, out MarketEvent evt)
    {
        var r = _decoder.Decode(payload, out evt);
        if (r.IsSuccess && evt.Kind != expected)
            return DecodeResult.Reject(RejectReason.UnexpectedMessageType, $"a {NatsSubjects.TypeName((MessageType)evt.Kind)} on a {NatsSubjects.TypeName((MessageType)expected)} subject", r.Type);
        return r;
    }
}
