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
            if (options.Instruments is { } instruments && instruments.TryGet(name, out var instrument))
                trades.SetRule(symbol, instrument.PriceBand);
            var report = options.Format switch
            {
                ImportFormat.LeanEquityTrades => Drain(new LeanEquityTradeReader(file, symbol, options.Policy), trades, writer),
                ImportFormat.LeanEquityQuotes => Drain(file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
                    ? LeanEquityQuoteReader.OpenZip(file, symbol, options.Policy)
                    : new LeanEquityQuoteReader(file, symbol, options.Policy), writer),
                ImportFormat.LeanFuturesTrades => Drain(new LeanFuturesTradeReader(file, symbol,
                    options.PricePrecision ?? LeanFuturesTradeReader.DefaultPricePrecision, options.Policy), trades, writer),
                ImportFormat.EsTradesBbo => Drain(CsvTickReader.DatabentoTradesWithBbo(file, symbol, options.PricePrecision ?? 2, options.Policy), trades, writer),
                ImportFormat.LeanBars => Drain(new LeanBarReader(file, symbol, options.PricePrecision ?? LeanFuturesTradeReader.DefaultPricePrecision, options.Policy), writer),
                ImportFormat.SkenderBars => Drain(new CsvBarReader(file, symbol, null, options.Timeframe ?? Timeframe.OneDay, CsvTimeFormat.Text,
                    options.Zone ?? ExchangeDayClock.NewYork, BarLabel.Start, options.PricePrecision, policy: options.Policy), writer),
                ImportFormat.NautilusBars => Drain(new CsvBarReader(file, symbol, null, options.Timeframe ?? Timeframe.OneMinute, CsvTimeFormat.Text,
                    TimeZoneInfo.Utc, BarLabel.End, options.PricePrecision, policy: options.Policy), writer),
                ImportFormat.Csv => ImportCsv(file, symbol, writer, options, trades),
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Format, "unknown import format"),
            };
            reports.Add(report);
            onFile?.Invoke(report);
        }
        writer.Flush();
        return reports;
    }

    private static ImportReport ImportCsv(string file, SymbolId symbol, JournalWriter writer, ImportOptions options, TradeGuard trades)
    {
        var map = options.Map ?? throw new ArgumentException("the csv format needs a column map (--map time=...,price=...,size=... or time=...,open=...,high=...,low=...,close=...)", nameof(options));
        return map.IsBars
            ? Drain(new CsvBarReader(file, symbol, map, options.Timeframe ?? throw new ArgumentException("csv bars need --timeframe (e.g. 1m)", nameof(options)),
                options.TimeFormat, options.Zone, options.BarLabel, options.PricePrecision, null, options.HasHeader, options.Policy), writer)
            : Drain(new CsvTickReader(file, symbol, map, options.TimeFormat, options.Zone, options.PricePrecision, options.HasHeader, options.Policy), trades, writer);
    }

    /// <summary>Lean names carry the symbol (<c>20131008_spy_Trade_Tick.csv</c> → SPY, futures with the expiry: GC201312); other files are named by their file name.</summary>
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
                return lean.Symbol + lean.Expiry;
            return Path.GetFileNameWithoutExtension(path).ToUpperInvariant(); // daily bars: spy.csv
        }
        return Path.GetFileNameWithoutExtension(path);
    }

    private static ImportReport Drain(TradeFileReader reader, TradeGuard trades, JournalWriter writer)
    {
        using (reader)
        {
            reader.Trades = trades;
            while (reader.TryRead(out var tick))
                writer.Append(MarketEvent.FromTick(in tick, writer.NextSequence));
            return reader.Report;
        }
    }

    private static ImportReport Drain(MarketDataFileReader<Quote> reader, JournalWriter writer)
    {
        using (reader)
        {
            while (reader.TryRead(out var quote))
                writer.Append(MarketEvent.FromQuote(in quote, writer.NextSequence));
            return reader.Report;
        }
    }

    private static ImportReport Drain(MarketDataFileReader<Candle> reader, JournalWriter writer)
    {
        using (reader)
        {
            while (reader.TryRead(out var candle))
                writer.Append(MarketEvent.FromCandle(in candle, writer.NextSequence));
            return reader.Report;
        }
    }
}
