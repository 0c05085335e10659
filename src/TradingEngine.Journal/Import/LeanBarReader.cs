using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// Lean (AlgoSeek) trade bars, no header: <c>time, open, high, low, close, volume</c>. Minute bars are labelled by start
/// in ms since midnight of the file's date (New York for equities, UTC for futures); daily bars by
/// <c>YYYYMMDD 00:00</c> in New York and run to the next New York midnight. Equity prices are deci-cents (precision 4,
/// exact); futures prices plain decimals held at the instrument's precision. Quote-bar files (bid and ask series)
/// do not fit one <see cref="Candle"/> and are refused by <see cref="Detect"/>.
/// </summary>
internal sealed class LeanBarReader : MarketDataFileReader<Candle>
{
    private readonly SymbolId _symbol;
    private readonly LeanBarLayout _layout;
    private readonly ExchangeDayClock? _clock;
    private readonly int _pricePrecision;

    public LeanBarReader(string path, SymbolId symbol, int futuresPricePrecision = LeanFuturesTradeReader.DefaultPricePrecision, BadRowPolicy policy = BadRowPolicy.Flag)
        : this(File.OpenRead(path), path, symbol, Detect(path), Detect(path) == LeanBarLayout.EquityDaily ? null : LeanFileName.Parse(path).Date,
            futuresPricePrecision, policy)
    {
    }

    public LeanBarReader(Stream stream, string source, SymbolId symbol, LeanBarLayout layout, DateOnly? date,
        int futuresPricePrecision = LeanFuturesTradeReader.DefaultPricePrecision, BadRowPolicy policy = BadRowPolicy.Flag, bool leaveOpen = false)
        : base(stream, source, policy, headerLines: 0, leaveOpen, owner: null)
    {
        _symbol = symbol;
        _layout = layout;
        if (layout != LeanBarLayout.EquityDaily)
        {
            if (date is not { } d)
                throw new ArgumentException($"{source}: Lean minute bars need the file's date", nameof(date));
            _clock = new ExchangeDayClock(d, layout == LeanBarLayout.EquityMinute ? ExchangeDayClock.NewYork : TimeZoneInfo.Utc);
        }
        _pricePrecision = layout == LeanBarLayout.FuturesMinute ? futuresPricePrecision : 4;
    }

    public static LeanBarLayout Detect(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        if (name.Contains("_quote", StringComparison.OrdinalIgnoreCase))
            throw new NotSupportedException($"{path}: Lean quote bars (bid and ask OHLC) do not fit one candle; import the trade bars");
        if (name.Contains("_minute_trade_", StringComparison.OrdinalIgnoreCase))
            return LeanBarLayout.FuturesMinute;
        if (name.EndsWith("_minute_trade", StringComparison.OrdinalIgnoreCase))
            return LeanBarLayout.EquityMinute;
        if (!name.Contains('_'))
            return LeanBarLayout.EquityDaily;
        throw new FormatException($"{path}: not a Lean trade-bar file name (YYYYMMDD_sym_minute_trade[_expiry].csv or sym.csv for daily)");
    }

    protected override RowIssue ParseRow(ReadOnlySpan<byte> line, out Candle candle)
    {
        candle = default;
        var f = new AsciiFields(line);
        f.TryNext(out var time);
        long open, close;
        Timeframe timeframe;
        if (_clock is { } clock)
        {
            if (!AsciiNumber.TryParseFixed(time, 6, out var nanos) || nanos < 0)
                return NotANumber(0, time, "milliseconds since midnight");
            open = clock.ToUtcNanos(nanos);
            close = open + UtcNanos.PerMinute;
            timeframe = Timeframe.OneMinute;
        }
        else
        {
            if (!TextTime.TryParse(time, CsvTimeFormat.Text, ExchangeDayClock.NewYork, out open))
                return Malformed(0, time, "a date 'YYYYMMDD 00:00'");
            close = TextTime.LocalMidnightAfter(open, 1, ExchangeDayClock.NewYork);
            timeframe = Timeframe.OneDay;
        }
        Span<Range> ranges = stackalloc Range[8];
        var rest = line[(time.Length + 1 > line.Length ? line.Length : time.Length + 1)..];
        var count = CsvRow.Split(rest, ranges);
        if (count != 5)
            return Malformed($"{count + 1} fields; expected time,open,high,low,close,volume");
        // deci-cents are already raw values at precision 4: parse them as integers
        var deciCents = _layout != LeanBarLayout.FuturesMinute;
        var bad = BarPrices.TryParse(rest[ranges[0]], rest[ranges[1]], rest[ranges[2]], rest[ranges[3]], rest[ranges[4]],
            deciCents ? 0 : _pricePrecision, 0, out var bar);
        if (deciCents)
            bar.PricePrecision = _pricePrecision;
        if (bad >= 0)
            return NotANumber(bad + 1, rest[ranges[bad]], bad == 4 ? "a volume (integer)" : _layout == LeanBarLayout.FuturesMinute
                ? $"a price exact at {_pricePrecision} decimals" : "a price in deci-cents (integer)");
        candle = bar.ToCandle(_symbol, timeframe, open, close);
        return bar.Validate();
    }

    protected override void MarkFlagged(ref Candle value)
    {
        // CandleFlags has no "flagged" bit: a kept bad bar is visible in the import report only
    }

    protected override long OrderingTime(in Candle value) => value.OpenTime;
}
