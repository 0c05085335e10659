using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// Lean (AlgoSeek) US equity trade ticks: <c>time_ms,price_decicents,size,exchange,sale_condition_hex,suspicious</c>,
/// no header, time in ms since New York midnight of the file's date, price × 10,000. Produces <see cref="Tick"/>s at
/// price precision 4 (the file's own scale, so exact), size precision 0, venue = the exchange letter, conditions =
/// the hex flags, <see cref="TickFlags.Suspicious"/> from the vendor flag. Receive time is 0: the vendor did not
/// record one. Vendor-suspicious rows are reported as <see cref="RowIssue.Suspicious"/> and kept flagged or
/// rejected per policy.
/// </summary>
public sealed class LeanEquityTradeReader : TradeFileReader
{
    public const int PricePrecision = 4;

    private readonly SymbolId _symbol;
    private readonly ExchangeDayClock _clock;

    public LeanEquityTradeReader(string path, SymbolId symbol, BadRowPolicy policy = BadRowPolicy.Flag)
        : this(File.OpenRead(path), path, LeanFileName.Parse(path).Date, symbol, policy)
    {
    }

    public LeanEquityTradeReader(Stream stream, string source, DateOnly date, SymbolId symbol,
        BadRowPolicy policy = BadRowPolicy.Flag, bool leaveOpen = false, IDisposable? owner = null)
        : base(stream, source, policy, headerLines: 0, leaveOpen, owner)
    {
        _symbol = symbol;
        _clock = new ExchangeDayClock(date, ExchangeDayClock.NewYork);
    }

    protected override RowIssue ParseRow(ReadOnlySpan<byte> line, out Tick tick)
    {
        tick = default;
        var f = new AsciiFields(line);
        f.TryNext(out var field);
        if (!AsciiNumber.TryParseFixed(field, 6, out var nanos) || nanos < 0)
            return NotANumber(0, field, "milliseconds since New York midnight");
        if (!f.TryNext(out field) || !AsciiNumber.TryParseInt64(field, out var price))
            return NotANumber(1, field, "a price in deci-cents (integer)");
        if (!f.TryNext(out field) || !AsciiNumber.TryParseInt64(field, out var size))
            return NotANumber(2, field, "a size in shares (integer)");
        if (!f.TryNext(out var venue) || venue.Length > 2)
            return Malformed(3, venue, "a one-letter exchange code");
        if (!f.TryNext(out field) || !AsciiNumber.TryParseHexUInt32(field, out var conditions))
            return Malformed(4, field, "sale-condition flags in hex");
        if (!f.TryNext(out var suspicious) || suspicious.Length != 1 || (suspicious[0] != (byte)'0' && suspicious[0] != (byte)'1'))
            return Malformed(5, suspicious, "the suspicious flag 0 or 1");
        if (!f.AtEnd)
            return Malformed("more than 6 fields; expected time,price,size,exchange,condition,suspicious");

        tick.Symbol = _symbol;
        tick.PricePrecision = PricePrecision;
        tick.EventTime = _clock.ToUtcNanos(nanos);
        tick.PriceRaw = price;
        tick.SizeRaw = size;
        tick.Venue = LeanVenue.Encode(venue);
        tick.Conditions = conditions;
        if (suspicious[0] == (byte)'1')
        {
            tick.Flags = TickFlags.Suspicious;
            return RowIssue.Suspicious;
        }
        return CheckTrade(_symbol, price, PricePrecision, size);
    }

    protected override void MarkFlagged(ref Tick value) => value.Flags |= TickFlags.Flagged;

    protected override long OrderingTime(in Tick value) => value.EventTime;
}
