using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// Parses a row's four prices and volume exactly. With a fixed precision every value is scaled to it; without one the
/// row keeps the most decimals any of its prices was written with (so <c>367.4</c> and <c>367.46</c> both become
/// raw values at precision 2), and the volume keeps its own.
/// </summary>
internal ref struct BarPrices
{
    public long Open, High, Low, Close, Volume;
    public int PricePrecision, VolumePrecision;

    /// <summary>Parses the fields; on failure returns the 0-based index (0..4 for open..volume) of the first bad field.</summary>
    public static int TryParse(ReadOnlySpan<byte> open, ReadOnlySpan<byte> high, ReadOnlySpan<byte> low, ReadOnlySpan<byte> close,
        ReadOnlySpan<byte> volume, int? pricePrecision, int? volumePrecision, out BarPrices bar)
    {
        bar = default;
        if (pricePrecision is { } pp)
        {
            if (!AsciiNumber.TryParseFixed(open, pp, out bar.Open)) return 0;
            if (!AsciiNumber.TryParseFixed(high, pp, out bar.High)) return 1;
            if (!AsciiNumber.TryParseFixed(low, pp, out bar.Low)) return 2;
            if (!AsciiNumber.TryParseFixed(close, pp, out bar.Close)) return 3;
            bar.PricePrecision = pp;
        }
        else
        {
            if (!AsciiNumber.TryParseDecimal(open, out bar.Open, out var po)) return 0;
            if (!AsciiNumber.TryParseDecimal(high, out bar.High, out var ph)) return 1;
            if (!AsciiNumber.TryParseDecimal(low, out bar.Low, out var pl)) return 2;
            if (!AsciiNumber.TryParseDecimal(close, out bar.Close, out var pc)) return 3;
            var p = Math.Max(Math.Max(po, ph), Math.Max(pl, pc));
            if (!FixedPoint.TryRescale(bar.Open, po, p, out bar.Open)) return 0;
            if (!FixedPoint.TryRescale(bar.High, ph, p, out bar.High)) return 1;
            if (!FixedPoint.TryRescale(bar.Low, pl, p, out bar.Low)) return 2;
            if (!FixedPoint.TryRescale(bar.Close, pc, p, out bar.Close)) return 3;
            bar.PricePrecision = p;
        }
        if (volumePrecision is { } vp)
        {
            if (!AsciiNumber.TryParseFixed(volume, vp, out bar.Volume)) return 4;
            bar.VolumePrecision = vp;
        }
        else if (!AsciiNumber.TryParseDecimal(volume, out bar.Volume, out bar.VolumePrecision))
        {
            return 4;
        }
        return -1;
    }

    public readonly Candle ToCandle(SymbolId symbol, Timeframe timeframe, long openTime, long closeTime) => new()
    {
        Symbol = symbol,
        Timeframe = timeframe,
        PricePrecision = (byte)PricePrecision,
        SizePrecision = (byte)VolumePrecision,
        // external bars arrive complete: they are known at their close, which is when the engine may use them
        Flags = CandleFlags.Closed | CandleFlags.External,
        OpenTime = openTime,
        CloseTime = closeTime,
        LastEventTime = closeTime,
        OpenRaw = Open,
        HighRaw = High,
        LowRaw = Low,
        CloseRaw = Close,
        VolumeRaw = Volume,
    };

    public readonly RowIssue Validate() => BarValidation.Check(Open, High, Low, Close, Volume);
}
