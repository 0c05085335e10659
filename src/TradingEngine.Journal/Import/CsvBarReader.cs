using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// OHLCV bars from any CSV, through a <see cref="CsvColumnMap"/> (time, open, high, low, close required; volume
/// optional). Candles are labelled by bar start (<see cref="BarLabel.End"/> input is shifted back one timeframe) and
/// close one timeframe later, daily and longer bars at the next local midnight of the file's zone. Prices keep the
/// precision written in each row (the most decimals among O/H/L/C) unless a fixed precision is given. Presets:
/// <see cref="Skender"/> and <see cref="Nautilus"/>.
/// </summary>
internal sealed class CsvBarReader : MarketDataFileReader<Candle>
{
    private readonly SymbolId _symbol;
    private readonly CsvColumnMap? _map;
    private readonly Timeframe _timeframe;
    private readonly CsvTimeFormat _timeFormat;
    private readonly TimeZoneInfo _zone;
    private readonly BarLabel _label;
    private readonly int? _pricePrecision;
    private readonly int? _volumePrecision;
    private int _time = -1, _open = -1, _high = -1, _low = -1, _close = -1, _volume = -1;
    private int _maxIndex;

    public CsvBarReader(string path, SymbolId symbol, CsvColumnMap? map, Timeframe timeframe, CsvTimeFormat timeFormat = CsvTimeFormat.Text,
        TimeZoneInfo? zone = null, BarLabel label = BarLabel.Start, int? pricePrecision = null, int? volumePrecision = null,
        bool hasHeader = true, BadRowPolicy policy = BadRowPolicy.Flag)
        : this(File.OpenRead(path), path, symbol, map, timeframe, timeFormat, zone, label, pricePrecision, volumePrecision, hasHeader, policy)
    {
    }

    /// <param name="map">The columns; null means "by header name": the first column is the time, and open/high/low/close/vol(ume) are found by name.</param>
    public CsvBarReader(Stream stream, string source, SymbolId symbol, CsvColumnMap? map, Timeframe timeframe, CsvTimeFormat timeFormat = CsvTimeFormat.Text,
        TimeZoneInfo? zone = null, BarLabel label = BarLabel.Start, int? pricePrecision = null, int? volumePrecision = null,
        bool hasHeader = true, BadRowPolicy policy = BadRowPolicy.Flag, bool leaveOpen = false)
        : base(stream, source, policy, hasHeader ? 1 : 0, leaveOpen, owner: null)
    {
        if (timeframe.IsNone)
            ThrowHelper.ThrowArgument("a bar reader needs the bars' timeframe (e.g. 1m, 1d)", nameof(timeframe));
        if (map is not null && !map.IsBars)
            ThrowHelper.ThrowArgument("column map has no open/high/low/close; a bar reader needs time, open, high, low, close", nameof(map));
        if (map is null && !hasHeader)
            ThrowHelper.ThrowArgument("without a header the bar columns must be given by a column map", nameof(map));
        _symbol = symbol;
        _map = map;
        _timeframe = timeframe;
        _timeFormat = timeFormat;
        _zone = zone ?? TimeZoneInfo.Utc;
        _label = label;
        _pricePrecision = pricePrecision;
        _volumePrecision = volumePrecision;
        if (!hasHeader)
            Bind(map!.Resolve(source, null));
    }

    /// <summary>Stock.Indicators test quotes: header (BOM stripped) <c>date,open,high,low,close,volume</c> in any spelling, exchange-local times (New York by default), bar start.</summary>
    public static CsvBarReader Skender(string path, SymbolId symbol, Timeframe timeframe, TimeZoneInfo? zone = null, BadRowPolicy policy = BadRowPolicy.Flag) =>
        new(path, symbol, null, timeframe, CsvTimeFormat.Text, zone ?? ExchangeDayClock.NewYork, BarLabel.Start, policy: policy);

    /// <summary>Nautilus bar CSVs (<c>timestamp[_utc],open,high,low,close,volume</c>): UTC, labelled by bar end (Nautilus' ts_event is the close).</summary>
    public static CsvBarReader Nautilus(string path, SymbolId symbol, Timeframe timeframe, BadRowPolicy policy = BadRowPolicy.Flag) =>
        new(path, symbol, null, timeframe, CsvTimeFormat.Text, TimeZoneInfo.Utc, BarLabel.End, policy: policy);

    protected override void OnHeader(ReadOnlySpan<byte> header)
    {
        var names = CsvColumnMap.SplitHeader(header);
        if (_map is not null)
        {
            Bind(_map.Resolve(Source, names));
            return;
        }
        int Find(params string[] candidates)
        {
            for (var i = 0; i < names.Length; i++)
            {
                var n = names[i];
                var dot = n.LastIndexOf('.');
                var bare = dot >= 0 ? n[(dot + 1)..] : n;
                if (candidates.Any(c => string.Equals(bare, c, StringComparison.OrdinalIgnoreCase)))
                    return i;
            }
            return -1;
        }
        var columns = new Dictionary<string, int>
        {
            ["time"] = 0,
            ["open"] = Find("open", "o"),
            ["high"] = Find("high", "h"),
            ["low"] = Find("low", "l"),
            ["close"] = Find("close", "c"),
        };
        foreach (var (field, index) in columns)
            if (index < 0)
                ThrowHelper.ThrowInvalidData($"{Source}:1: no '{field}' column in header '{string.Join(",", names)}'; expected date,open,high,low,close[,volume]");
        var volume = Find("volume", "vol", "v");
        if (volume >= 0)
            columns["volume"] = volume;
        Bind(columns);
    }

    private void Bind(Dictionary<string, int> columns)
    {
        int Get(string field) => columns.TryGetValue(field, out var i) ? i : -1;
        _time = Get("time");
        _open = Get("open");
        _high = Get("high");
        _low = Get("low");
        _close = Get("close");
        _volume = Get("volume");
        _maxIndex = CsvRow.LastColumn(columns, Source);
    }

    protected override RowIssue ParseRow(ReadOnlySpan<byte> line, out Candle candle)
    {
        candle = default;
        Span<Range> ranges = stackalloc Range[CsvRow.MaxFields];
        var count = CsvRow.Split(line, ranges);
        if (count <= _maxIndex)
            return Malformed($"{count} fields; expected at least {_maxIndex + 1}");
        var field = line[ranges[_time]];
        if (!TextTime.TryParse(field, _timeFormat, _zone, out var stamp))
            return Malformed(_time, field, _timeFormat == CsvTimeFormat.Text ? "a date/time" : $"a time ({_timeFormat})");
        var volumeField = _volume >= 0 ? line[ranges[_volume]] : "0"u8;
        var bad = BarPrices.TryParse(line[ranges[_open]], line[ranges[_high]], line[ranges[_low]], line[ranges[_close]], volumeField,
            _pricePrecision, _volumePrecision, out var bar);
        if (bad >= 0)
        {
            var index = bad switch { 0 => _open, 1 => _high, 2 => _low, 3 => _close, _ => _volume };
            var what = bad == 4 ? "a volume" : _pricePrecision is { } p ? $"a price exact at {p} decimals" : "a decimal price (at most 9 decimals)";
            return NotANumber(index, bad == 4 ? volumeField : line[ranges[index]], what);
        }
        long open, close;
        var days = _timeframe.Seconds % 86_400 == 0 ? _timeframe.Seconds / 86_400 : 0;
        if (_label == BarLabel.End)
        {
            close = stamp;
            open = days > 0 ? TextTime.LocalMidnightAfter(stamp - 1, 1 - days, _zone) : stamp - _timeframe.Nanos;
        }
        else
        {
            open = stamp;
            close = days > 0 ? TextTime.LocalMidnightAfter(stamp, days, _zone) : stamp + _timeframe.Nanos;
        }
        candle = bar.ToCandle(_symbol, _timeframe, open, close);
        return bar.Validate();
    }

    protected override void MarkFlagged(ref Candle value)
    {
        // CandleFlags has no "flagged" bit: a kept bad bar is visible in the import report only
    }

    protected override long OrderingTime(in Candle value) => value.OpenTime;
}
