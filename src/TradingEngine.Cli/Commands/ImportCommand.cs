using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te import --format F [--symbol X] [--map ...] --out JOURNAL_DIR FILE|DIR...</c>: streams vendor files into a
/// journal (appending when it exists) and prints, per file, rows read/clean/flagged/rejected with every bad-row reason,
/// its count and first line numbers, then events, bytes per event and throughput. Exit code 0 on success (bad rows
/// are reported, not fatal), 2 on a usage or input error.
/// </summary>
public static class ImportCommand
{
    internal static readonly Dictionary<string, ImportFormat> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lean-equity-trades"] = ImportFormat.LeanEquityTrades,
        ["lean-equity-quotes"] = ImportFormat.LeanEquityQuotes,
        ["lean-futures-trades"] = ImportFormat.LeanFuturesTrades,
        ["es-trades-bbo"] = ImportFormat.EsTradesBbo,
        ["lean-bars"] = ImportFormat.LeanBars,
        ["skender-bars"] = ImportFormat.SkenderBars,
        ["nautilus-bars"] = ImportFormat.NautilusBars,
        ["csv"] = ImportFormat.Csv,
    };

    private static readonly Dictionary<string, CsvTimeFormat> TimeFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = CsvTimeFormat.Text,
        ["unix-ns"] = CsvTimeFormat.UnixNanoseconds,
        ["unix-us"] = CsvTimeFormat.UnixMicroseconds,
        ["unix-ms"] = CsvTimeFormat.UnixMilliseconds,
        ["unix-s"] = CsvTimeFormat.UnixSeconds,
    };

    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = $"input format: {string.Join(", ", Formats.Keys)}", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "journal directory (created, or appended to)", Required = true };
        var symbol = new Option<string?>("--symbol") { Description = "symbol of every event (default: from each file name: SPY, GC201312, ...)" };
        var map = new Option<string?>("--map") { Description = "csv: field=column list, e.g. time=ts,price=px,size=qty or time=0,open=1,high=2,low=3,close=4,volume=5" };
        var timeframe = new Option<string?>("--timeframe") { Description = "bar length for skender/nautilus/csv bars (1m, 5m, 1d, ...)" };
        var zone = new Option<string?>("--tz") { Description = "IANA time zone of zone-less text times (skender default America/New_York, csv default UTC)" };
        var timeFormat = new Option<string>("--time-format") { Description = "csv time column: text, unix-ns, unix-us, unix-ms, unix-s", DefaultValueFactory = _ => "text" };
        var precision = new Option<int?>("--price-precision") { Description = "fixed price decimals (lean futures default 2; csv formats keep each row's own when omitted)" };
        var label = new Option<string>("--bar-label") { Description = "csv bars: the time column is the bar 'start' or 'end'", DefaultValueFactory = _ => "start" };
        var noHeader = new Option<bool>("--no-header") { Description = "csv: the first line is data (map columns by 0-based number)" };
        var policy = new Option<string>("--bad-rows") { Description = "flag (keep and mark) or reject", DefaultValueFactory = _ => "flag" };
        var instruments = new Option<string>("--instruments") { Description = "instrument registry whose max_jump price bands check trades (as live ingestion does; skipped when the default file is absent)", DefaultValueFactory = _ => EngineFactory.DefaultInstruments };
        var fsync = new Option<string>("--fsync") { Description = "journal fsync policy: none, per-batch, interval", DefaultValueFactory = _ => "none" };
        var files = new Argument<string[]>("FILE") { Description = "input files or directories (a directory imports its files in name order)", Arity = ArgumentArity.OneOrMore };

        var command = new Command("import", "import market data files into a journal, reporting bad rows per file")
        {
            format, output, symbol, map, timeframe, zone, timeFormat, precision, label, noHeader, policy, instruments, fsync, files,
        };
        command.SetAction(result =>
        {
            try
            {
                var options = new ImportOptions
                {
                    Format = Formats.TryGetValue(result.GetValue(format)!, out var f) ? f
                        : throw new ArgumentException($"--format '{result.GetValue(format)}' is unknown; expected one of {string.Join(", ", Formats.Keys)}"),
                    Symbol = result.GetValue(symbol),
                    Map = result.GetValue(map) is { } m ? CsvColumnMap.Parse(m) : null,
                    Timeframe = result.GetValue(timeframe) is { } tf ? Timeframe.Parse(tf) : null,
                    Zone = result.GetValue(zone) is { } z ? FindZone(z) : null,
                    TimeFormat = TimeFormats.TryGetValue(result.GetValue(timeFormat)!, out var t) ? t
                        : throw new ArgumentException($"--time-format '{result.GetValue(timeFormat)}' is unknown; expected one of {string.Join(", ", TimeFormats.Keys)}"),
                    PricePrecision = result.GetValue(precision),
                    BarLabel = result.GetValue(label) switch
                    {
                        "start" => BarLabel.Start,
                        "end" => BarLabel.End,
                        var other => throw new ArgumentException($"--bar-label '{other}' is unknown; expected start or end"),
                    },
                    HasHeader = !result.GetValue(noHeader),
                    Instruments = PriceBands(result.GetValue(instruments)!, result.GetResult(instruments) is null or { Implicit: true }),
                    Policy = result.GetValue(policy) switch
                    {
                        "flag" => BadRowPolicy.Flag,
                        "reject" => BadRowPolicy.Reject,
                        var other => throw new ArgumentException($"--bad-rows '{other}' is unknown; expected flag or reject"),
                    },
                };
                var fsyncPolicy = result.GetValue(fsync) switch
                {
                    "none" => JournalFsyncPolicy.None,
                    "per-batch" => JournalFsyncPolicy.PerBatch,
                    "interval" => JournalFsyncPolicy.Interval,
                    var other => throw new ArgumentException($"--fsync '{other}' is unknown; expected none, per-batch or interval"),
                };
                return Run(Expand(result.GetValue(files)!), result.GetValue(output)!.FullName, options, fsyncPolicy, Console.Out);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or InvalidDataException
                                           or NotSupportedException or UnauthorizedAccessException or TimeZoneNotFoundException)
            {
                Console.Error.WriteLine($"te import: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>
    /// The registry whose price bands an import applies (<see cref="ImportOptions.Instruments"/>): loaded from
    /// <paramref name="path"/>; null when <paramref name="optional"/> (the default path) and the file is absent.
    /// </summary>
    internal static InstrumentRegistry? PriceBands(string path, bool optional) =>
        optional && !File.Exists(path) ? null : InstrumentRegistry.Load(path, new SymbolRegistry());

    /// <summary>Imports <paramref name="files"/> into the journal at <paramref name="journal"/> and prints the reports.</summary>
    public static int Run(IReadOnlyList<string> files, string journal, ImportOptions options, JournalFsyncPolicy fsync, TextWriter output)
    {
        foreach (var file in files)
            if (!File.Exists(file))
                throw new FileNotFoundException($"input file '{file}' does not exist", file);
        var symbols = new SymbolRegistry();
        var stopwatch = Stopwatch.StartNew();
        using var writer = JournalWriter.Open(journal, symbols, new JournalWriterOptions { Fsync = fsync });
        if (writer.RecoveredDamage is { } damage)
            output.WriteLine($"journal tail was damaged and truncated: {damage}");
        var first = writer.NextSequence;
        var total = new ImportReport("total");
        Importer.Import(files, writer, symbols, options, report =>
        {
            output.WriteLine(report.ToString());
            total.Add(report);
        });
        writer.Flush();
        writer.Sync();
        stopwatch.Stop();
        var events = writer.NextSequence - first;
        var seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported {events} events from {files.Count} files into {journal} (sequences {first}..{writer.NextSequence - 1}): " +
            $"{total.RowsRead} rows, {total.Clean} clean, {total.Flagged} flagged, {total.Rejected} rejected; " +
            $"{writer.BytesWritten} bytes ({(events == 0 ? 0 : (double)writer.BytesWritten / events):F2} bytes/event), {events / seconds:F0} events/s"));
        return 0;
    }

    private static List<string> Expand(string[] inputs)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
                files.AddRange(Directory.GetFiles(input).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal));
            else
                files.Add(input);
        }
        return files;
    }

    private static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw new ArgumentException($"--tz '{id}' is not a time zone id; expected an IANA id such as America/New_York");
}
