using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// Lean (AlgoSeek) futures trade ticks: <c>time_ms,price,size,exchange,sale_condition,suspicious</c>, no header,
/// ms since <b>UTC</b> midnight of the file's date, price as a plain decimal (USD/oz for gold). Prices are held at
/// the instrument's precision (<paramref name="pricePrecision"/>, e.g. 1 for GC's 0.10 tick, 2 for ES' 0.25): a
/// price with more decimals than that is malformed, never rounded. The venue column is Lean's placeholder
/// <c>usa</c> for every row, kept as venue 0 (unspecified); conditions are empty (0).
/// </summary>
public sealed class LeanFuturesTradeReader : TradeFileReader
{
    public const int DefaultPricePrecision = 2;

    private readonly SymbolId _symbol;
    private readonly ExchangeDayClock _clock;
    private readonly byte _pricePrecision;

    public LeanFuturesTradeReader(string path, SymbolId symbol, int pricePrecision = DefaultPricePrecision, BadRowPolicy policy = BadRowPolicy.Flag)
        : this(File.OpenRead(path), path, LeanFileName.Parse(path).Date, symbol, pricePrecision, policy)
    {
    }

    public LeanFuturesTradeReader(Stream stream, string source, DateOnly date, SymbolId symbol, int pricePrecision = DefaultPricePrecision,
        BadRowPolicy policy = BadRowPolicy.Flag, bool leaveOpen = false, IDisposable? owner = null)
        : base(stream, source, policy, headerLines: 0, leaveOpen, owner)
    {
        if ((uint)pricePrecision > FixedPoint.MaxPrecision)
            ThrowHelper.ThrowArgument($"price precision {pricePrecision} is outside 0..{FixedPoint.MaxPrecision}", nameof(pricePrecision));
        _symbol = symbol;
        _pricePrecision = (byte)pricePrecision;
        _clock = ExchangeDayClock.Utc(date);
    }

    public int PricePrecision => _pricePrecision;

    protected override RowIssue ParseRow(ReadOnlySpan<byte> line, out Tick tick)
    {
        tick = default;
        var f = new AsciiFields(line);
        f.TryNext(out var field);
        if (!AsciiNumber.TryParseFixed(field, 6, out var nanos) || nanos < 0)
            return NotANumber(0, field, "milliseconds since UTC midnight");
        if (!f.TryNext(out field) || !AsciiNumber.TryParseFixed(field, _pricePrecision, out var price))
            return NotANumber(1, field, $"a decimal price exact at {_pricePrecision} decimals");
        if (!f.TryNext(out field) || !AsciiNumber.TryParseInt64(field, out var size))
            return NotANumber(2, field, "a size in contracts (integer)");
        if (!f.TryNext(out var venue) || (venue.Length > 2 && !venue.SequenceEqual("usa"u8)))
            return Malformed(3, venue, "an exchange code ('usa' or up to two letters)");
        if (!f.TryNext(out field) || !AsciiNumber.TryParseHexUInt32(field, out var conditions))
            return Malformed(4, field, "sale-condition flags in hex (or empty)");
        if (!f.TryNext(out var suspicious) || suspicious.Length != 1 || (suspicious[0] != (byte)'0' && suspicious[0] != (byte)'1'))
            return Malformed(5, suspicious, "the suspicious flag 0 or 1");
        if (!f.AtEnd)
            return Malformed("more than 6 fields; expected time,price,size,exchange,condition,suspicious");

        tick.Symbol = _symbol;
        tick.PricePrecision = _pricePrecision;
        tick.EventTime = _clock.ToUtcNanos(nanos);
        tick.PriceRaw = price;
        tick.SizeRaw = size;
        tick.Venue = venue.Length > 2 ? (ushort)0 : LeanVenue.Encode(venue);
        tick.Conditions = conditions;
        if (suspicious[0] == (byte)'1')
        {
            tick.Flags = TickFlags.Suspicious;
            return RowIssue.Suspicious;
        }
        return CheckTrade(_symbol, price, _pricePrecision, size);
    }

    protected override void MarkFlagged(ref Tick value) => value.Flags |= TickFlags.Flagged;

    protected override long OrderingTime(in Tick value) => value.EventTime;
}
