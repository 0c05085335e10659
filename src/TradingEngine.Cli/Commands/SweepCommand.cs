using TradingEngine.Hosting;
using System.CommandLine;
using TradingEngine.Cli.Sweep;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te sweep</c>: grid or random search over pipeline parameters (a small YAML, <see cref="SweepSpec"/>) on a journal,
/// variants in parallel, each the exact <c>te replay --set …</c> run (same output hash); results.csv/results.json and one
/// line per variant; <c>--walk-forward K</c> optimises on span k and reports span k+1 out of sample.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var journal = new Option<DirectoryInfo>("--journal") { Description = "journal directory to replay (te import, te run)", Required = true };
        var spec = new Option<string>("--spec") { Description = "sweep YAML: parameters (NODE.PARAM: [values] or [FIRST..LAST step S]), search, samples, seed, metric", Required = true };
        var pipeline = new Option<string?>("--pipeline") { Description = "pipeline YAML (default: the one the instrument registry names for the symbols)" };
        var instruments = new Option<string>("--instruments") { Description = "instrument registry YAML", DefaultValueFactory = _ => EngineFactory.DefaultInstruments };
        var symbols = new Option<string?>("--symbols") { Description = "comma-separated symbols (default: every symbol of the journal)" };
        var from = new Option<string?>("--from") { Description = "first event time, ISO 8601 UTC" };
        var to = new Option<string?>("--to") { Description = "events before this time, ISO 8601 UTC" };
        var parallel = new Option<int>("--parallel") { Description = "variants run at once (default: every core)" };
        var walk = new Option<int>("--walk-forward") { Description = "K folds: cut the window into K+1 spans, optimise on span k (the spec's metric), test the best on span k+1" };
        var output = new Option<string?>("--out") { Description = "directory for results.csv and results.json" };
        var command = new Command("sweep", "search pipeline parameters over a journal: every variant a deterministic replay, in parallel, with a results table")
        {
            journal, spec, pipeline, instruments, symbols, from, to, parallel, walk, output,
        };
        command.SetAction(result =>
        {
            try
            {
                var options = new SweepOptions
                {
                    JournalDirectory = result.GetValue(journal)!.FullName,
                    Spec = SweepSpec.Load(result.GetValue(spec)!),
                    PipelinePath = result.GetValue(pipeline),
                    InstrumentsPath = result.GetValue(instruments)!,
                    Symbols = ReplayCommand.SplitList(result.GetValue(symbols)),
                    From = ReplayCommand.ParseTime(result.GetValue(from), "--from"),
                    To = ReplayCommand.ParseTime(result.GetValue(to), "--to"),
                    Parallelism = result.GetValue(parallel),
                    WalkForward = result.GetValue(walk),
                    OutDirectory = result.GetValue(output),
                };
                var report = SweepRunner.Run(options, Console.Out);
                report.Print(Console.Out);
                if (options.OutDirectory is { } dir)
                {
                    Directory.CreateDirectory(dir);
                    using (var csv = new StreamWriter(Path.Combine(dir, "results.csv")))
                        report.WriteCsv(csv);
                    using var json = File.Create(Path.Combine(dir, "results.json"));
                    report.WriteJson(json);
                }
                if (report.InSample.All(r => r.Summary.Events > 0 && r.Summary.Outputs == 0))
                {
                    Console.Error.WriteLine("te sweep: no variant produced any output (te replay --journal … --set … says why for one of them)");
                    return 1;
                }
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or Engine.Pipelines.PipelineException or InstrumentRegistryException)
            {
                Console.Error.WriteLine($"te sweep: {ex.Message}");
                return 2;
            }
        });
        return command;
    }
}
