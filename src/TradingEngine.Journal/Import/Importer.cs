using TradingEngine.Types;

namespace TradingEngine.Journal.Import;

/// <summary>
/// Imports vendor files into a journal, in the order given, one event per accepted row, and returns one
/// <see cref="ImportReport"/> per file. Each event's source sequence is its journal sequence, so a replay of the
/// journal sees the same numbering the import did. Rows are streamed: memory does not grow with file size.
/// </summary>
public static class Importer
{
    public static IReadOnlyList<ImportReport> Import(IEnumerable<string> files, JournalWriter writer, SymbolRegistry symbols, ImportOptions options,
        Action<ImportReport>? onFile = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(symbols);
        var reports = new List<ImportReport>();
        var trades = new TradeGuard(); // one for the whole import: a symbol's price band carries from file to file
        foreach (var file in files)
        {
            var name = options.Symbol ?? SymbolFromFileName(file, options.Format);
            var symbol = symbols.GetOrAdd(name);
            var instrument = Resolve(options, name, file);
            if (instrument is not null)
                trades.SetRule(symbol, instrument.PriceBand);
            var precision = options.PricePrecision ?? instrument?.PricePrecision;
            // the instrument's tick as a raw value at the precision the reader writes, when it has one there
            var tick = instrument is not null && precision is { } p && instrument.TickSize.TryWithPrecision(p, out var t) ? t.Raw : 0;
            var fixedPrecision = precision ?? LeanFuturesTradeReader.DefaultPricePrecision;
            var report = options.Format switch
            {
                ImportFormat.LeanEquityTrades => Drain(new LeanEquityTradeReader(file, symbol, options.Policy), trades, writer, EquityTick(tick, precision)),
                ImportFormat.LeanEquityQuotes => Drain(file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
                    ? LeanEquityQuoteReader.OpenZip(file, symbol, options.Policy)
                    : new LeanEquityQuoteReader(file, symbol, options.Policy), writer, EquityTick(tick, precision)),
                ImportFormat.LeanFuturesTrades => Drain(new LeanFuturesTradeReader(file, symbol, fixedPrecision, options.Policy), trades, writer, tick),
                ImportFormat.EsTradesBbo => Drain(CsvTickReader.DatabentoTradesWithBbo(file, symbol, precision ?? 2, options.Policy), trades, writer, tick),
                ImportFormat.LeanBars => Drain(new LeanBarReader(file, symbol, fixedPrecision, options.Policy), writer,
                    LeanBarReader.Detect(file) == LeanBarLayout.FuturesMinute ? tick : EquityTick(tick, precision)),
                ImportFormat.SkenderBars => Drain(new CsvBarReader(file, symbol, null, options.Timeframe ?? Timeframe.OneDay, CsvTimeFormat.Text,
                    options.Zone ?? ExchangeDayClock.NewYork, BarLabel.Start, precision, policy: options.Policy), writer, tick),
                ImportFormat.NautilusBars => Drain(new CsvBarReader(file, symbol, null, options.Timeframe ?? Timeframe.OneMinute, CsvTimeFormat.Text,
                    TimeZoneInfo.Utc, BarLabel.End, precision, policy: options.Policy), writer, tick),
                ImportFormat.Csv => ImportCsv(file, symbol, writer, options, precision, tick, trades),
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Format, "unknown import format"),
            };
            reports.Add(report);
            onFile?.Invoke(report);
        }
        writer.Flush();
        return reports;
    }

    /// <summary>
    /// The registry's instrument of <paramref name="name"/> (a futures contract resolves to its root), or null when
    /// there is no registry, or the registry admits unknown symbols, or a precision override is given; otherwise an
    /// unknown symbol is an error naming the file, the symbol and the registry's symbols.
    /// </summary>
    private static Instrument? Resolve(ImportOptions options, string name, string file)
    {
        if (options.Instruments is not { } registry)
            return null;
        if (registry.TryResolve(name, out var instrument))
            return instrument;
        if (options.PricePrecision is null && registry.UnknownSymbols == UnknownSymbolPolicy.Reject)
            throw new ArgumentException(
                $"{file}: symbol '{name}'{(options.Symbol is null ? " (from the file name)" : "")} is not in the instrument registry " +
                $"({string.Join(", ", registry.Instruments.Select(i => i.Symbol))}) nor a futures contract of one of them (ESH4, GCZ13): " +
                "give --symbol with the instrument, add it to the registry, or give --price-precision");
        return null;
    }

    // Lean equity files are written in deci-cents (precision 4): their tick check holds only when that is the instrument's precision
    private static long EquityTick(long tick, int? precision) => precision == LeanEquityTradeReader.PricePrecision ? tick : 0;

    private static ImportReport ImportCsv(string file, SymbolId symbol, JournalWriter writer, ImportOptions options, int? precision, long tick, TradeGuard trades)
    {
        var map = options.Map ?? throw new ArgumentException("the csv format needs a column map (--map time=...,price=...,size=... or time=...,open=...,high=...,low=...,close=...)", nameof(options));
        return map.IsBars
            ? Drain(new CsvBarReader(file, symbol, map, options.Timeframe ?? throw new ArgumentException("csv bars need --timeframe (e.g. 1m)", nameof(options)),
                options.TimeFormat, options.Zone, options.BarLabel, precision, null, options.HasHeader, options.Policy), writer, tick)
            : Drain(new CsvTickReader(file, symbol, map, options.TimeFormat, options.Zone, precision, options.HasHeader, options.Policy), trades, writer, tick);
    }

    /// <summary>
    /// The symbol a file's name gives, the vendor's contract symbol normalised: Lean names carry the symbol
    /// (<c>20131008_spy_Trade_Tick.csv</c> → SPY) and a futures expiry (<c>20131007_gc_tick_trade_201312.csv</c> → GCZ13,
    /// root GC, month code Z, year 13); a name starting with a futures contract before <c>_</c> or <c>.</c>
    /// (<c>esh4_trades_with_bbo_20231225.csv</c> → ESH4, <c>6EH4.XCME_1min_bars.csv</c> → 6EH4) is that contract;
    /// other files are named by their file name.
    /// </summary>
    public static string SymbolFromFileName(string path, ImportFormat format)
    {
        if (format is ImportFormat.LeanEquityTrades or ImportFormat.LeanEquityQuotes or ImportFormat.LeanFuturesTrades or ImportFormat.LeanBars)
        {
            var name = path;
            if (format == ImportFormat.LeanEquityQuotes && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                using var zip = System.IO.Compression.ZipFile.OpenRead(path);
                name = zip.Entries.FirstOrDefault()?.Name ?? path;
            }
            if (LeanFileName.TryParse(name, out var lean))
                return lean.Expiry is { } expiry ? InstrumentRegistry.ContractSymbol(lean.Symbol, expiry) : lean.Symbol;
            return Path.GetFileNameWithoutExtension(path).ToUpperInvariant(); // daily bars: spy.csv
        }
        var file = Path.GetFileNameWithoutExtension(path);
        var head = file.Split('_', '.')[0].ToUpperInvariant();
        return InstrumentRegistry.TryParseContract(head, out _) ? head : file;
    }

    private static ImportReport Drain(TradeFileReader reader, TradeGuard trades, JournalWriter writer, long tickRaw)
    {
        using (reader)
        {
            reader.Trades = trades;
            reader.TickRaw = tickRaw;
            while (reader.TryRead(out var tick))
                writer.Append(MarketEvent.FromTick(in tick, writer.NextSequence));
            return reader.Report;
        }
    }

    private static ImportReport Drain(MarketDataFileReader<Quote> reader, JournalWriter writer, long tickRaw)
    {
        using (reader)
        {
            reader.TickRaw = tickRaw;
            while (reader.TryRead(out var quote))
                writer.Append(MarketEvent.FromQuote(in quote, writer.NextSequence));
            return reader.Report;
        }
    }

    private static ImportReport Drain(MarketDataFileReader<Candle> reader, JournalWriter writer, long tickRaw)
    {
        using (reader)
        {
            reader.TickRaw = tickRaw;
            while (reader.TryRead(out var candle))
                writer.Append(MarketEvent.FromCandle(in candle, writer.NextSequence));
            return reader.Report;
        }
    }
}
