using TradingEngine.Configuration;
using TradingEngine.Journal.Continuous;
using TradingEngine.Hosting;
using System.CommandLine;
using System.Globalization;
using TradingEngine.Hosting.Replay;
using TradingEngine.Engine.Simulation;
using TradingEngine.Journal.Import;
using TradingEngine.Nats;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te replay</c>: runs recorded (<c>--journal</c>) or generated (<c>--synthetic</c>) input through a pipeline with
/// the live engine's executor and prints event counts, every reason an event was refused or left out (with counts and
/// first examples), throughput and a hash of the whole output stream, so anyone can check that two runs agree. Exit 1
/// when the input was not empty and nothing came out (or every event was refused), naming the likely cause.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var synthetic = new Option<bool>("--synthetic") { Description = "replay the embedded seeded synthetic session (no files, network or database)" };
        var journal = new Option<DirectoryInfo?>("--journal") { Description = "replay a journal directory (te run, te import)" };
        var csv = new Option<string[]>("--csv") { Description = "replay vendor files (imported into a temporary journal first, with every option of te import)", AllowMultipleArgumentsPerToken = true };
        var import = new ImportOptionSet(formatRequired: false);
        var seed = new Option<ulong>("--seed") { Description = "seed of the synthetic session", DefaultValueFactory = _ => new SyntheticSessionOptions().Seed };
        var ticks = new Option<int>("--ticks") { Description = "number of trades in the synthetic session", DefaultValueFactory = _ => new SyntheticSessionOptions().TickCount }
            .InRange(1, 100_000_000);
        var pipeline = new Option<string?>("--pipeline") { Description = "pipeline YAML (default: the pipeline the instrument registry names for the symbols)" };
        var instruments = new Option<string>("--instruments") { Description = "instrument registry YAML", DefaultValueFactory = _ => EngineFactory.DefaultInstruments };
        var config = new Option<string?>("--config") { Description = "engine config (pipelines/engine.yaml): every symbol on its own pipeline, as te run --config ran them (with --journal or --csv; instead of --pipeline, --instruments, --symbols)" };
        var symbols = new Option<string?>("--symbols") { Description = "comma-separated symbols to run (default: every symbol of the journal)" };
        var from = new Option<string?>("--from") { Description = "first event time to replay, ISO 8601 UTC (2013-10-08T13:30:00Z)" };
        var to = new Option<string?>("--to") { Description = "replay events before this time, ISO 8601 UTC" };
        var speed = new Option<string>("--speed") { Description = "max (default), 1x (event time at wall-clock pace) or Nx", DefaultValueFactory = _ => "max" };
        var output = new Option<string?>("--out") { Description = "write every output message to FILE.jsonl or FILE.csv" };
        var report = new Option<string?>("--report") { Description = "write the backtest report (report.json, trades.csv) into this directory" };
        var publish = new Option<string?>("--publish") { Description = "also publish every output to NATS as the live engine's internal frames, under this subject prefix (default 'replay'; never the live subjects): te dashboard --prefix PREFIX shows it", Arity = ArgumentArity.ZeroOrOne };
        var nats = new NatsOptions();
        var set = new Option<string[]>("--set") { Description = "NODE.PARAM=VALUE: replace a parameter of the pipeline (repeatable; what a te sweep variant sets)" };
        var skipCorrupt = new Option<bool>("--skip-corrupt") { Description = "replay past bad journal frames and report what was skipped (default: stop with an error, exit 2)" };
        var continuous = new Option<string?>("--continuous") { Description = "ROOT: replay one continuous series of the root's contracts (ES, GC; the registry's roll: rule picks the front contract), with --journal or --csv; see docs/rolls.md" };
        var adjust = new Option<string>("--adjust") { Description = "how --continuous joins contracts: difference (back-adjusted, default), ratio, or none (each contract's own prices, as live)", DefaultValueFactory = _ => "difference" };
        var openInterest = new Option<string?>("--open-interest") { Description = "daily open interest CSV (date,contract,open_interest) for roots that roll by open_interest" };
        var command = new Command("replay", "replay input through a pipeline and print counts, what was refused or left out, throughput and the output hash")
        {
            synthetic, journal, csv, seed, ticks, pipeline, instruments, config, symbols, from, to, speed, output, report, skipCorrupt, publish, set, continuous, adjust, openInterest,
        };
        nats.AddTo(command);
        foreach (var option in import.All(withInstruments: false))
            command.Options.Add(option);
        command.SetAction(result =>
        {
            try
            {
                var useSynthetic = result.GetValue(synthetic);
                var journalDir = result.GetValue(journal);
                var csvFiles = result.GetValue(csv) ?? [];
                if ((useSynthetic ? 1 : 0) + (journalDir is not null ? 1 : 0) + (csvFiles.Length > 0 ? 1 : 0) != 1)
                {
                    Console.Error.WriteLine("te replay: give exactly one input: --synthetic, --journal DIR or --csv FILE… --format F");
                    return 2;
                }
                var configPath = result.GetValue(config);
                if (configPath is not null && (useSynthetic || result.GetResult(pipeline) is { Implicit: false } || result.GetResult(instruments) is { Implicit: false } || result.GetValue(symbols) is not null))
                {
                    Console.Error.WriteLine("te replay: --config replays a journal or vendor files with the config's own pipelines, instruments and symbols: drop --synthetic, --pipeline, --instruments and --symbols");
                    return 2;
                }
                var continuousRoot = result.GetValue(continuous);
                if (continuousRoot is not null && (useSynthetic || configPath is not null || result.GetValue(symbols) is not null))
                {
                    Console.Error.WriteLine("te replay: --continuous ROOT replays one series built from a journal's or files' contracts of ROOT: drop --synthetic, --config and --symbols");
                    return 2;
                }
                ImportOptions? csvImport = null;
                if (csvFiles.Length > 0)
                {
                    if (result.GetValue(import.Format) is null)
                        throw new ArgumentException("--csv needs --format: " + string.Join(", ", ImportCommand.Formats.Keys));
                    csvImport = import.Build(result, InstrumentRegistry.Load(result.GetValue(instruments)!, new SymbolRegistry()));
                }
                var options = new ReplayOptions
                {
                    Source = useSynthetic ? ReplaySource.Synthetic : csvFiles.Length > 0 ? ReplaySource.Csv : ReplaySource.Journal,
                    JournalDirectory = journalDir?.FullName,
                    CsvFiles = csvFiles,
                    CsvImport = csvImport,
                    Synthetic = new SyntheticSessionOptions { Seed = result.GetValue(seed), TickCount = result.GetValue(ticks) },
                    PipelinePath = result.GetValue(pipeline),
                    Overrides = [.. (result.GetValue(set) ?? []).Select(Engine.Pipelines.ParameterOverride.Parse)],
                    ConfigPath = configPath is null ? null : Path.GetFullPath(configPath),
                    InstrumentsPath = result.GetValue(instruments)!,
                    Symbols = SplitList(result.GetValue(symbols)),
                    From = ParseTime(result.GetValue(from), "--from"),
                    To = ParseTime(result.GetValue(to), "--to"),
                    Speed = ParseSpeed(result.GetValue(speed)!),
                    OutPath = result.GetValue(output),
                    ReportDirectory = result.GetValue(report),
                    SkipCorrupt = result.GetValue(skipCorrupt),
                    Continuous = continuousRoot is null ? null : new ContinuousOptions(continuousRoot, ParseAdjustment(result.GetValue(adjust)!), result.GetValue(openInterest)),
                    Progress = !Console.IsErrorRedirected,
                };
                ReplaySummary summary;
                if (result.GetResult(publish) is not null)
                {
                    var prefix = result.GetValue(publish) ?? SubjectPrefix.DefaultReplay;
                    SubjectPrefix.Validate(prefix);
                    var connections = NatsConnectionPair.ConnectAsync(nats.External(result, "te-replay"), nats.Internal(result, "te-replay")).GetAwaiter().GetResult();
                    try
                    {
                        var publication = new ReplayPublication(connections.Internal, prefix);
                        summary = ReplayRunner.Run(options with { Publish = publication }, options.Progress ? Console.Error : null);
                        publication.Current?.FlushAsync().GetAwaiter().GetResult();
                        summary.Print(Console.Out);
                        Console.Out.WriteLine(publication.Describe());
                    }
                    finally
                    {
                        connections.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    }
                }
                else
                {
                    summary = ReplayRunner.Run(options, options.Progress ? Console.Error : null);
                    summary.Print(Console.Out);
                }
                if (summary.EmptyRunCause is { } cause)
                {
                    Console.Error.WriteLine($"te replay: {cause}");
                    return 1;
                }
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or Engine.Pipelines.PipelineException or InstrumentRegistryException or NatsConnectionRefusedException)
            {
                Console.Error.WriteLine($"te replay: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>The default run of <c>./run.sh</c>, in process (tests compare its counts and hash).</summary>
    public static ReplaySummary ReplaySynthetic(SyntheticSessionOptions options, string? pipelinePath = null,
        string instrumentsPath = EngineFactory.DefaultInstruments) =>
        ReplayRunner.Run(new ReplayOptions { Synthetic = options, PipelinePath = pipelinePath, InstrumentsPath = instrumentsPath });

    internal static IReadOnlyList<string> SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static long? ParseTime(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (UtcNanos.TryParseIso8601(text, out var nanos))
            return nanos;
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day))
            return UtcNanos.FromDateTime(day);
        throw new FormatException($"{option} '{text}' is not an ISO 8601 UTC time (2013-10-08T13:30:00Z or 2013-10-08)");
    }

    internal static double ParseSpeed(string text)
    {
        if (text == "max")
            return 0;
        if (text.EndsWith('x') && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0)
            return factor;
        throw new FormatException($"--speed '{text}': expected max, 1x or a factor like 10x");
    }

    private static ContinuousAdjustment ParseAdjustment(string text) => text switch
    {
        "difference" => ContinuousAdjustment.Difference,
        "ratio" => ContinuousAdjustment.Ratio,
        "none" => ContinuousAdjustment.None,
        _ => throw new ArgumentException($"--adjust is '{text}', expected difference, ratio or none"),
    };
}
