using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using TradingEngine.Configuration;
using TradingEngine.Journal;
using TradingEngine.Journal.Import;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te import --format F [--symbol X] [--map ...] --out JOURNAL_DIR FILE|DIR...</c>: streams vendor files into a
/// journal (appending when it exists), every price at its instrument's registry precision, and prints, per file, rows read/clean/flagged/rejected with every bad-row reason,
/// its count and first line numbers, then events, bytes per event and throughput. Exit code 0 on success (bad rows
/// are reported, not fatal), 1 when every row was rejected, 2 on a usage or input error.
/// </summary>
internal static class ImportCommand
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

    public static Command Create()
    {
        var set = new ImportOptionSet(formatRequired: true);
        var output = new Option<DirectoryInfo>("--out") { Description = "journal directory (created, or appended to)", Required = true };
        var fsync = new Option<string>("--fsync") { Description = "journal fsync policy: none, per-batch, interval", DefaultValueFactory = _ => "none" };
        fsync.AcceptOnlyFromAmong("none", "per-batch", "interval");
        var files = new Argument<string[]>("FILE") { Description = "input files or directories (a directory imports its files in name order)", Arity = ArgumentArity.OneOrMore };

        var command = new Command("import", "import market data files into a journal, prices at the instrument registry's precision, reporting bad rows per file");
        foreach (var option in set.All(withInstruments: true))
            command.Options.Add(option);
        command.Options.Add(output);
        command.Options.Add(fsync);
        command.Arguments.Add(files);
        command.SetAction(result =>
        {
            try
            {
                var instruments = InstrumentRegistry.Load(result.GetValue(set.Instruments)!, new SymbolRegistry());
                var options = set.Build(result, instruments);
                var fsyncPolicy = result.GetValue(fsync) switch
                {
                    "per-batch" => JournalFsyncPolicy.PerBatch,
                    "interval" => JournalFsyncPolicy.Interval,
                    _ => JournalFsyncPolicy.None,
                };
                return Run(Expand(result.GetValue(files)!), result.GetValue(output)!.FullName, options, fsyncPolicy, Console.Out, Console.Error);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or InvalidDataException or InstrumentRegistryException
                                           or NotSupportedException or UnauthorizedAccessException or TimeZoneNotFoundException)
            {
                Console.Error.WriteLine($"te import: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>Imports <paramref name="files"/> into the journal at <paramref name="journal"/> and prints the reports.</summary>
    /// <returns>0; 1 when the files held rows and every one was rejected (nothing imported: the wrong --format, or prices
    /// the instrument cannot hold), with the likely cause on <paramref name="error"/>.</returns>
    public static int Run(IReadOnlyList<string> files, string journal, ImportOptions options, JournalFsyncPolicy fsync, TextWriter output,
        TextWriter? error = null)
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
        if (total.RowsRead > 0 && total.Accepted == 0)
        {
            (error ?? output).WriteLine($"te import: every one of {total.RowsRead} rows was rejected ({RejectCauses(total)}): " +
                                        $"is --format {FormatName(options.Format)} the files' format, and --symbol/--price-precision their instrument's?");
            return 1;
        }
        return 0;
    }

    private static string RejectCauses(ImportReport total) =>
        string.Join(", ", total.Issues().Select(i => $"{ImportReport.IssueName(i.Issue)} {i.Count}"));

    internal static string FormatName(ImportFormat format) => Formats.First(f => f.Value == format).Key;

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
}
