using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// Trades from any CSV, through a <see cref="CsvColumnMap"/> (time, price, size required; receive, bid, ask, side,
/// venue, conditions optional). Prices keep the precision they are written with (the most decimals among price,
/// bid and ask in the row) unless a fixed precision is given. Side accepts <c>B/Buy</c>, <c>A/S/Sell</c>, <c>N</c> or
/// empty; venue up to two ASCII letters; conditions a decimal integer. The Databento ES trades-with-BBO file is a
/// preset (<see cref="DatabentoTradesWithBbo"/>).
/// </summary>
internal sealed class CsvTickReader : TradeFileReader
{
    private readonly SymbolId _symbol;
    private readonly CsvColumnMap _map;
    private readonly CsvTimeFormat _timeFormat;
    private readonly TimeZoneInfo _zone;
    private readonly int? _pricePrecision;
    private int _time = -1, _receive = -1, _price = -1, _size = -1, _bid = -1, _ask = -1, _side = -1, _venue = -1, _conditions = -1;
    private int _maxIndex;

    public CsvTickReader(string path, SymbolId symbol, CsvColumnMap map, CsvTimeFormat timeFormat = CsvTimeFormat.Text,
        TimeZoneInfo? zone = null, int? pricePrecision = null, bool hasHeader = true, BadRowPolicy policy = BadRowPolicy.Flag)
        : this(File.OpenRead(path), path, symbol, map, timeFormat, zone, pricePrecision, hasHeader, policy)
    {
    }

    public CsvTickReader(Stream stream, string source, SymbolId symbol, CsvColumnMap map, CsvTimeFormat timeFormat = CsvTimeFormat.Text,
        TimeZoneInfo? zone = null, int? pricePrecision = null, bool hasHeader = true, BadRowPolicy policy = BadRowPolicy.Flag, bool leaveOpen = false)
        : base(stream, source, policy, hasHeader ? 1 : 0, leaveOpen, owner: null)
    {
        if (map.IsBars)
            ThrowHelper.ThrowArgument($"column map has bar fields (open/high/low/close); a tick reader needs time, price, size", nameof(map));
        _symbol = symbol;
        _map = map;
        _timeFormat = timeFormat;
        _zone = zone ?? TimeZoneInfo.Utc;
        _pricePrecision = pricePrecision;
        if (!hasHeader)
            Bind(map.Resolve(source, null));
    }

    /// <summary>
    /// <c>esh4_trades_with_bbo_20231225.csv</c>: event and receive time in UTC ns, aggressor side, the BBO in force
    /// before the trade as bid/ask (the BBO sizes have no place in a <see cref="Tick"/>), Databento's flags byte as conditions.
    /// </summary>
    public static CsvTickReader DatabentoTradesWithBbo(string path, SymbolId symbol, int pricePrecision = 2, BadRowPolicy policy = BadRowPolicy.Flag) =>
        new(path, symbol, CsvColumnMap.Parse("time=ts_event_ns,receive=ts_recv_ns,price=price,size=size,side=aggressor_side,bid=bid_px,ask=ask_px,conditions=flags"),
            CsvTimeFormat.UnixNanoseconds, TimeZoneInfo.Utc, pricePrecision, hasHeader: true, policy);

    protected override void OnHeader(ReadOnlySpan<byte> header) => Bind(_map.Resolve(Source, CsvColumnMap.SplitHeader(header)));

    private void Bind(Dictionary<string, int> columns)
    {
        int Get(string field) => columns.TryGetValue(field, out var i) ? i : -1;
        _time = Get("time");
        _receive = Get("receive");
        _price = Get("price");
        _size = Get("size");
        _bid = Get("bid");
        _ask = Get("ask");
        _side = Get("side");
        _venue = Get("venue");
        _conditions = Get("conditions");
        _maxIndex = CsvRow.LastColumn(columns, Source);
    }

    protected override RowIssue ParseRow(ReadOnlySpan<byte> line, out Tick tick)
    {
        tick = default;
        Span<Range> ranges = stackalloc Range[CsvRow.MaxFields];
        var count = CsvRow.Split(line, ranges);
        if (count <= _maxIndex)
            return Malformed($"{count} fields; the column map needs at least {_maxIndex + 1}");
        var field = line[ranges[_time]];
        if (!TextTime.TryParse(field, _timeFormat, _zone, out var time))
            return NotANumber(_time, field, $"a time ({_timeFormat})");
        long receive = 0;
        if (_receive >= 0)
        {
            field = line[ranges[_receive]];
            if (!field.IsEmpty && !TextTime.TryParse(field, _timeFormat, _zone, out receive))
                return NotANumber(_receive, field, $"a receive time ({_timeFormat})");
        }

        long price, bid = 0, ask = 0;
        int precision;
        var priceField = line[ranges[_price]];
        var bidField = _bid >= 0 ? line[ranges[_bid]] : default;
        var askField = _ask >= 0 ? line[ranges[_ask]] : default;
        if (_pricePrecision is { } fixedPrecision)
        {
            precision = fixedPrecision;
            if (!AsciiNumber.TryParseFixed(priceField, precision, out price))
                return NotANumber(_price, priceField, $"a price exact at {precision} decimals");
            if (!bidField.IsEmpty && !AsciiNumber.TryParseFixed(bidField, precision, out bid))
                return NotANumber(_bid, bidField, $"a bid exact at {precision} decimals");
            if (!askField.IsEmpty && !AsciiNumber.TryParseFixed(askField, precision, out ask))
                return NotANumber(_ask, askField, $"an ask exact at {precision} decimals");
        }
        else
        {
            if (!AsciiNumber.TryParseDecimal(priceField, out price, out precision))
                return NotANumber(_price, priceField, "a decimal price (at most 9 decimals)");
            var pb = 0;
            var pa = 0;
            if (!bidField.IsEmpty && !AsciiNumber.TryParseDecimal(bidField, out bid, out pb))
                return NotANumber(_bid, bidField, "a decimal bid");
            if (!askField.IsEmpty && !AsciiNumber.TryParseDecimal(askField, out ask, out pa))
                return NotANumber(_ask, askField, "a decimal ask");
            var p = Math.Max(precision, Math.Max(pb, pa));
            if (!FixedPoint.TryRescale(price, precision, p, out price) || !FixedPoint.TryRescale(bid, pb, p, out bid)
                || !FixedPoint.TryRescale(ask, pa, p, out ask))
                return Issue(RowIssue.PrecisionExceeded, $"price, bid and ask do not fit one precision ({p} decimals)");
            precision = p;
        }
        field = line[ranges[_size]];
        if (!AsciiNumber.TryParseDecimal(field, out var size, out var sizePrecision))
            return NotANumber(_size, field, "a size");

        var side = AggressorSide.None;
        if (_side >= 0)
        {
            field = line[ranges[_side]];
            if (!TryParseSide(field, out side))
                return Malformed(_side, field, "an aggressor side (B, A, S, N or empty)");
        }
        ushort venue = 0;
        if (_venue >= 0)
        {
            field = line[ranges[_venue]];
            if (field.Length > 2)
                return Malformed(_venue, field, "a venue code of at most two letters");
            venue = LeanVenue.Encode(field);
        }
        uint conditions = 0;
        if (_conditions >= 0)
        {
            field = line[ranges[_conditions]];
            if (!field.IsEmpty)
            {
                if (!AsciiNumber.TryParseInt64(field, out var c) || c < 0 || c > uint.MaxValue)
                    return Malformed(_conditions, field, "condition flags (a non-negative integer)");
                conditions = (uint)c;
            }
        }

        tick.Symbol = _symbol;
        tick.PricePrecision = (byte)precision;
        tick.SizePrecision = (byte)sizePrecision;
        tick.Side = side;
        tick.EventTime = time;
        tick.ReceiveTime = receive;
        tick.PriceRaw = price;
        tick.SizeRaw = size;
        tick.Venue = venue;
        tick.Conditions = conditions;
        if (!bidField.IsEmpty)
        {
            tick.BidRaw = bid;
            tick.Flags |= TickFlags.HasBid;
        }
        if (!askField.IsEmpty)
        {
            tick.AskRaw = ask;
            tick.Flags |= TickFlags.HasAsk;
        }
        return CheckTrade(_symbol, price, precision, size);
    }

    private static bool TryParseSide(ReadOnlySpan<byte> field, out AggressorSide side)
    {
        side = AggressorSide.None;
        if (field.IsEmpty || field.SequenceEqual("N"u8) || field.SequenceEqual("None"u8))
            return true;
        if (field.SequenceEqual("B"u8) || field.SequenceEqual("Buy"u8) || field.SequenceEqual("BUY"u8))
        {
            side = AggressorSide.Buy;
            return true;
        }
        if (field.SequenceEqual("A"u8) || field.SequenceEqual("S"u8) || field.SequenceEqual("Sell"u8) || field.SequenceEqual("SELL"u8))
        {
            side = AggressorSide.Sell;
            return true;
        }
        return false;
    }

    protected override void MarkFlagged(ref Tick value) => value.Flags |= TickFlags.Flagged;

    protected override long OrderingTime(in Tick value) => value.EventTime;
}
