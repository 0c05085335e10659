using System.Diagnostics;
using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Runtime;
using TradingEngine.Engine.Simulation;
using TradingEngine.Journal;
using TradingEngine.Journal.Continuous;
using TradingEngine.Journal.Import;
using TradingEngine.Strategies.Reporting;
using TradingEngine.Strategies.Reporting.Tearsheet;
using TradingEngine.Types;

namespace TradingEngine.Hosting.Replay;

/// <summary>
/// Runs recorded or generated input through the engine the live host runs: the same <see cref="EngineSet"/> (an engine
/// config's executors, or the one executor of <c>--pipeline</c>/<c>--symbols</c>, as <c>te run</c> builds them), routed by
/// the same symbol → executor table, each executor driven by the host's in-memory driver (<see cref="EngineHost.InMemory{TSink}"/>)
/// in batches like its ring delivers them; then sums up what came out.
/// </summary>
public static class ReplayRunner
{
    private const int BatchSize = 256;

    public static ReplaySummary Run(ReplayOptions options, TextWriter? progress = null)
    {
        var symbols = new SymbolRegistry();
        return options.Source switch
        {
            ReplaySource.Synthetic => RunSynthetic(options, symbols, progress),
            ReplaySource.Csv => RunCsv(options, progress),
            _ => RunJournal(options, symbols, progress),
        };
    }

    private static ReplaySummary RunSynthetic(ReplayOptions options, SymbolRegistry symbols, TextWriter? progress)
    {
        var s = options.Synthetic;
        var engines = EngineSet.Single(options.PipelinePath, options.InstrumentsPath, [s.Symbol], symbols, options.Overrides);
        var (dag, instruments) = (engines.FirstDag, engines.Instruments);
        var instrument = instruments[s.Symbol];
        if (instrument.PricePrecision != s.StartPrice.Precision)
            throw new ArgumentException($"the synthetic session writes {s.Symbol} prices with {s.StartPrice.Precision} decimals but {options.InstrumentsPath} says {instrument.PricePrecision}");
        var session = new SyntheticSession(s, instrument.Id);
        using var outputs = new ReplayOutputs(dag, symbols, options.OutPath) { Report = NewReport(dag, symbols, instruments), TradeCandles = TearsheetCandles(options, symbols), Publisher = options.Publish?.Publisher(symbols, _ => dag) };
        var input = $"synthetic {s.Symbol} session (seed {s.Seed}, {s.TickCount} trades) through {PipelineText(options, dag)}";
        return Drive(options, engines, symbols, outputs, input, (out MarketEvent e) => session.TryNext(out e), s.TickCount, progress);
    }

    /// <summary>
    /// Vendor files go through the importers into a temporary journal, then replay from it: the exact path of
    /// <c>te import</c> + <c>te replay --journal</c>, with the bad-row reports in the summary.
    /// </summary>
    private static ReplaySummary RunCsv(ReplayOptions options, TextWriter? progress)
    {
        var import = options.CsvImport ?? throw new ArgumentException("--csv needs --format (the formats of te import)");
        foreach (var file in options.CsvFiles)
        {
            if (!File.Exists(file))
                throw new ArgumentException($"--csv {file}: no such file");
        }
        var directory = Directory.CreateTempSubdirectory("te-replay-csv-");
        try
        {
            var symbols = new SymbolRegistry();
            IReadOnlyList<ImportReport> reports;
            using (var writer = JournalWriter.Open(directory.FullName, symbols))
                reports = Importer.Import(options.CsvFiles, writer, symbols, import);
            // the files' own symbols (named by --symbol or by the file names), unless --symbols narrows them
            var summary = RunJournal(options with { JournalDirectory = directory.FullName }, new SymbolRegistry(), progress);
            var imported = string.Join("; ", reports.Select(r => r.ToString()));
            var rejected = reports.Sum(r => r.Rejected);
            var drops = rejected == 0 ? summary.Drops : [new ReplayDrop("rejected by the import (see the file reports above)", rejected,
                reports.SelectMany(r => r.Issues().Select(i => $"{r.Source}:{r.Examples(i.Issue)[0].Line} {ImportReport.IssueName(i.Issue)}")).Take(3).ToList(),
                Refused: false), .. summary.Drops];
            return summary with
            {
                Input = $"{string.Join(", ", options.CsvFiles)} ({imported}) through {options.ConfigPath ?? options.PipelinePath ?? "the registry's default pipeline"}",
                Drops = drops,
                ImportRejected = rejected,
            };
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static ReplaySummary RunJournal(ReplayOptions options, SymbolRegistry symbols, TextWriter? progress)
    {
        var directory = options.JournalDirectory ?? throw new ArgumentException("--journal DIR is required");
        if (!Directory.Exists(directory))
            throw new ArgumentException($"--journal {directory}: no such directory");
        var readers = new List<JournalReader>();
        try
        {
            ReplaySummary summary;
            if (options.ConfigPath is { } configPath)
            {
                // every symbol on its own pipeline, as te run --config runs them live. Each executor journals its own input
                // ring (a subdirectory named after it when there are several): each journal replays in turn, its events
                // routed to its own executor by the host's table (executors share no state, so the order between them
                // changes no output of either)
                var engines = EngineSet.Create(EngineConfigLoader.LoadFile(configPath), symbols);
                foreach (var journal in ExecutorJournals(directory, engines))
                    readers.Add(new JournalReader(journal, symbols, skipCorrupt: options.SkipCorrupt));
                using var outputs = new ReplayOutputs(engines.DagOf, symbols, options.OutPath)
                {
                    Report = new BacktestReportBuilder((symbol, node) => engines.NodeName(symbol, node) ?? $"node {node}") { Symbols = symbols, Instruments = engines.Instruments },
                    TradeCandles = TearsheetCandles(options, symbols),
                    Publisher = options.Publish?.Publisher(symbols, engines.DagOf),
                };
                var owned = engines.Executors.Select(e => $"{e.Config.Name}: {string.Join(",", e.Symbols)}");
                var current = 0;
                summary = Drive(options, engines, symbols, outputs, $"journal {directory} through {configPath} ({string.Join("; ", owned)})",
                    (out MarketEvent e) =>
                    {
                        for (; current < readers.Count; current++)
                        {
                            if (readers[current].TryRead(out e))
                                return true;
                            if (readers[current].Damage is not null && !options.SkipCorrupt)
                                return false;
                        }
                        e = default;
                        return false;
                    }, 0, progress);
            }
            else
            {
                // a continuous series is named after its root: no scan for the journal's symbols (its own pass finds the contracts)
                var names = options.Continuous is { } c ? [c.Root] : SelectSymbols(options.Symbols, JournalSymbols(directory, options.SkipCorrupt), directory);
                var reader = new JournalReader(directory, symbols, skipCorrupt: options.SkipCorrupt);
                readers.Add(reader);
                var engines = EngineSet.Single(options.PipelinePath, options.InstrumentsPath, names, symbols, options.Overrides);
                var (dag, instruments) = (engines.FirstDag, engines.Instruments);
                using var outputs = new ReplayOutputs(dag, symbols, options.OutPath) { Report = NewReport(dag, symbols, instruments), TradeCandles = TearsheetCandles(options, symbols), Publisher = options.Publish?.Publisher(symbols, _ => dag) };
                var continuous = options.Continuous is null ? null : ContinuousJournal.Open(directory, options.Continuous, options.InstrumentsPath, symbols.GetOrAdd(names[0]), symbols, options.SkipCorrupt);
                summary = Drive(options, engines, symbols, outputs, $"journal {directory} ({string.Join(", ", names)}{ContinuousReplay.InputText(continuous)}) through {PipelineText(options, dag)}",
                    continuous is null ? (out MarketEvent e) => reader.TryRead(out e) : (out MarketEvent e) => continuous.Series.TryNext(reader.TryRead, out e), 0, progress);
                summary = ContinuousReplay.Into(summary, continuous);
            }
            var notes = new List<string>();
            foreach (var reader in readers)
            {
                if (reader.Damage is { } damage && !options.SkipCorrupt)
                    throw new JournalDamagedException($"journal damage: {damage}; the replay stopped there ({reader.EventsRead} events read). " +
                        $"`te journal verify {directory}` lists every bad frame; --skip-corrupt replays past them", damage);
                if (reader.HolesRead > 0)
                    notes.Add($"the journal holds {reader.HolesRead} hole(s) recorded by te journal repair, {reader.EventsInHoles} events lost there (each replayed as one gap event)");
                if (reader.Skipped.Count > 0)
                    notes.Add(SkippedWarning(reader));
            }
            if (notes.Count > 0)
                summary = summary with { Warning = string.Join("; ", notes) };
            return summary;
        }
        finally
        {
            foreach (var reader in readers)
                reader.Dispose();
        }
    }

    /// <summary>
    /// The journals of an engine's executors under <paramref name="directory"/>: with several executors each one's
    /// subdirectory (<see cref="EngineHost.JournalDirectoryOf"/>) that exists; the directory itself with one executor, or
    /// when it holds a journal of its own (written before each executor had its own ring).
    /// </summary>
    public static IReadOnlyList<string> ExecutorJournals(string directory, EngineSet engines)
    {
        if (engines.Executors.Count == 1 || Directory.GetFiles(directory, "*.tej").Length > 0)
            return [directory];
        var journals = engines.Executors.Select(e => EngineHost.JournalDirectoryOf(directory, engines, e)).Where(Directory.Exists).ToList();
        if (journals.Count == 0)
            throw new ArgumentException($"--journal {directory} holds no journal of the executors of the config ({string.Join(", ", engines.Executors.Select(e => e.Config.Name))}): " +
                                        "give the directory te run --config journaled into");
        return journals;
    }

    /// <summary>Every symbol of the journal at <paramref name="directory"/>, in the order it defines them (one read of the journal).</summary>
    public static IReadOnlyList<string> JournalSymbols(string directory, bool skipCorrupt = false)
    {
        using var scan = new JournalReader(directory, skipCorrupt: skipCorrupt);
        while (scan.TryRead(out _))
        {
        }
        return scan.Symbols.Names;
    }

    /// <summary>
    /// The journal symbols <paramref name="selectors"/> (<c>--symbols</c>) select: all of them when empty; a symbol
    /// itself, or a futures root selecting each of its contracts (ES: ESH4, ESM4). A selector that matches nothing is
    /// an error listing the journal's symbols.
    /// </summary>
    public static IReadOnlyList<string> SelectSymbols(IReadOnlyList<string> selectors, IReadOnlyList<string> journal, string directory)
    {
        if (journal.Count == 0)
            throw new ArgumentException($"journal {directory} holds no events (import or record some first)");
        if (selectors.Count == 0)
            return journal;
        var selected = new List<string>();
        foreach (var selector in selectors)
        {
            var matches = journal.Where(symbol => InstrumentRegistry.Selects(selector, symbol)).ToList();
            if (matches.Count == 0)
                throw new ArgumentException($"--symbols {selector} matches nothing in journal {directory}; it holds: {string.Join(", ", journal)}");
            selected.AddRange(matches.Where(m => !selected.Contains(m)));
        }
        return selected;
    }

    private static string PipelineText(ReplayOptions options, CompiledDag dag) =>
        options.PipelinePath ?? $"{dag.Pipeline.Name} (the instrument registry's default pipeline)";

    /// <summary>--skip-corrupt: every bad region passed, with the frames, events and sequence ranges it took.</summary>
    private static string SkippedWarning(JournalReader reader)
    {
        var regions = reader.Skipped.Select(d =>
            $"{Path.GetFileName(d.Segment)} frame {d.Frame} at byte {d.Offset} ({d.Reason}): " +
            (d.LostEvents < 0 ? "unknown events" : $"{d.LostEvents} events, sequences {d.LostRange}"));
        var unknown = reader.Skipped.Any(d => d.LostEvents < 0) ? " (and an unknown number in a torn tail)" : "";
        return $"--skip-corrupt skipped {reader.Skipped.Count} bad journal region(s), {reader.EventsSkipped} events{unknown}: {string.Join("; ", regions)}";
    }

    private static BacktestReportBuilder NewReport(CompiledDag dag, SymbolRegistry symbols, InstrumentRegistry instruments)
    {
        var steps = dag.Steps;
        return new BacktestReportBuilder(node => (uint)node < (uint)steps.Count ? steps[node].Id : $"node {node}") { Symbols = symbols, Instruments = instruments };
    }

    private static TradeCandles? TearsheetCandles(ReplayOptions options, SymbolRegistry symbols) =>
        options.ReportDirectory is null ? null : new TradeCandles(symbols);

    private static BacktestReport? FinishReport(ReplayOutputs outputs, string? directory, string input)
    {
        if (outputs.Report is null)
            return null;
        var report = outputs.Report.Build();
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            using (var json = File.Create(Path.Combine(directory, "report.json")))
                report.WriteJson(json);
            using var csv = new StreamWriter(Path.Combine(directory, "trades.csv"));
            report.WriteTradesCsv(csv);
            TearsheetWriter.WriteFile(directory, report, outputs.TradeCandles!, "backtest: " + input);
        }
        return report;
    }

    private delegate bool NextEvent(out MarketEvent e);

    private static ReplaySummary Drive(ReplayOptions options, EngineSet engines, SymbolRegistry symbols, ReplayOutputs outputs, string input,
        NextEvent next, long expectedTicks, TextWriter? progress)
    {
        var diagnostics = new ReplayDiagnostics(engines, symbols);
        var driver = EngineHost.InMemory(engines, _ => new ReplaySink(outputs));
        var batch = new MarketEvent[BatchSize];
        var tally = new InputTally();
        long skipped = 0, firstEventTime = long.MinValue;
        var from = options.From ?? long.MinValue;
        var to = options.To ?? long.MaxValue;
        var stopwatch = Stopwatch.StartNew();
        var lastReport = 0L;
        var n = 0;
        while (next(out var e))
        {
            var t = e.EventTime;
            if (t < from || t >= to)
            {
                skipped++;
                continue;
            }
            diagnostics.Observe(in e);
            if (options.Speed > 0)
                Pace(ref firstEventTime, t, options.Speed, stopwatch, ref n, batch, driver);
            batch[n++] = e;
            tally.Add(in e);
            if (n == BatchSize)
            {
                driver.Feed(batch.AsSpan(0, n));
                n = 0;
                if (progress is not null && stopwatch.ElapsedMilliseconds - lastReport >= 500)
                {
                    lastReport = stopwatch.ElapsedMilliseconds;
                    ReportProgress(progress, tally.Events, tally.Ticks, expectedTicks, stopwatch.Elapsed);
                }
            }
        }
        if (n > 0)
            driver.Feed(batch.AsSpan(0, n));
        // the input has ended: the candles still forming close (marked end of data) and the nodes see them
        driver.EndOfData();
        stopwatch.Stop();
        if (progress is not null && lastReport > 0)
            progress.WriteLine();
        return tally.Into(new ReplaySummary
        {
            Input = input,
            Skipped = skipped,
            Elapsed = stopwatch.Elapsed,
            Candles = outputs.Candles,
            EndOfDataCandles = outputs.EndOfDataCandles,
            Messages = outputs.Messages,
            NumericOutputs = outputs.NumericOutputs,
            Signals = outputs.Signals,
            NodeFailures = driver.NodeFailures,
            OutputHash = outputs.Hash,
            Drops = diagnostics.Drops(driver.Unrouted),
            Report = FinishReport(outputs, options.ReportDirectory, input),
            ReportDirectory = options.ReportDirectory,
        });
    }

    /// <summary>Holds events back until the wall clock has caught up with event time / speed.</summary>
    private static void Pace(ref long firstEventTime, long eventTime, double speed, Stopwatch clock, ref int pending,
        MarketEvent[] batch, InMemoryEngineDriver<ReplaySink> driver)
    {
        if (firstEventTime == long.MinValue)
        {
            firstEventTime = eventTime;
            return;
        }
        var due = TimeSpan.FromTicks((long)((eventTime - firstEventTime) / 100 / speed));
        var wait = due - clock.Elapsed;
        if (wait <= TimeSpan.Zero)
            return;
        if (pending > 0)
        {
            // what is due now goes out before we wait
            driver.Feed(batch.AsSpan(0, pending));
            pending = 0;
        }
        Thread.Sleep(wait);
    }

    private static void ReportProgress(TextWriter progress, long events, long ticks, long expectedTicks, TimeSpan elapsed)
    {
        var rate = events / Math.Max(elapsed.TotalSeconds, 1e-9);
        var share = expectedTicks > 0 ? $" {100.0 * ticks / expectedTicks,5:F1}%" : "";
        progress.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"\rreplay{share} {events,12:N0} events {rate / 1e6,7:F2}M events/s"));
    }
}
