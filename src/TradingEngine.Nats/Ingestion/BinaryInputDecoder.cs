using TradingEngine.Types;

namespace TradingEngine.Nats;

/// <summary>
/// The binary form of input messages (<see cref="BinaryMessageCodec"/> frames of a market event). The frame's
/// symbol id is the sender's and means nothing here: the ingestor replaces it with the subject's symbol.
/// The decoder checks what the binary codec cannot (it copies fields, it does not judge them): prices positive,
/// sizes not negative, candle invariants.
/// </summary>
internal sealed class BinaryInputDecoder : IInputDecoder
{
    public DecodeResult Decode(ReadOnlySpan<byte> payload, MarketEventKind expected, out MarketEvent evt)
    {
        var r = BinaryMessageCodec.Decode(payload, out evt, out var consumed);
        if (!r.IsSuccess)
            return r;
        if (consumed != payload.Length)
            return DecodeResult.Reject(RejectReason.MalformedBinary, $"{payload.Length - consumed} bytes after the frame", r.Type);
        if (evt.Kind != expected)
            return DecodeResult.Reject(RejectReason.UnexpectedMessageType, $"a {evt.Kind} frame on a {expected} subject", r.Type);
        switch (evt.Kind)
        {
            case MarketEventKind.Tick:
                if (Price(evt.Tick.PriceRaw, "price") is { } bad)
                    return bad;
                if (evt.Tick.SizeRaw < 0)
                    return DecodeResult.Reject(RejectReason.NegativeSize, $"size {evt.Tick.Size} is negative", r.Type);
                break;
            case MarketEventKind.Quote:
                if (evt.Quote.BidRaw < 0 || evt.Quote.AskRaw < 0)
                    return DecodeResult.Reject(RejectReason.NegativePrice, $"bid {evt.Quote.Bid} / ask {evt.Quote.Ask} is negative", r.Type);
                if (evt.Quote.BidSizeRaw < 0 || evt.Quote.AskSizeRaw < 0)
                    return DecodeResult.Reject(RejectReason.NegativeSize, "a quote size is negative", r.Type);
                break;
            case MarketEventKind.Candle:
                foreach (var (raw, name) in new[] { (evt.Candle.OpenRaw, "open"), (evt.Candle.HighRaw, "high"), (evt.Candle.LowRaw, "low"), (evt.Candle.CloseRaw, "close") })
                {
                    if (Price(raw, name) is { } badPrice)
                        return badPrice;
                }
                if (evt.Candle.VolumeRaw < 0)
                    return DecodeResult.Reject(RejectReason.NegativeSize, $"volume {evt.Candle.Volume} is negative", r.Type);
                var v = Candle.Validate(in evt.Candle, out var error);
                if (v != RejectReason.None)
                    return DecodeResult.Reject(v, error ?? v.ToString(), r.Type);
                break;
        }
        return r;

        DecodeResult? Price(long raw, string name) => raw switch
        {
            0 => DecodeResult.Reject(RejectReason.ZeroPrice, $"{name} is zero", r.Type),
            < 0 => DecodeResult.Reject(RejectReason.NegativePrice, $"{name} raw {raw} is negative", r.Type),
            _ => null,
        };
    }
}
