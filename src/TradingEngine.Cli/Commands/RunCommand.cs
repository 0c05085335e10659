using TradingEngine.Engine.Runtime;
using TradingEngine.Engine.Hosting;
using System.CommandLine;
using TradingEngine.Cli.Recovery;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Timescale;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te run --pipeline FILE --symbols ES[,NQ] --nats URL [--jetstream] [--journal DIR] [--no-public] [--snapshots DIR] [--recover] [--warmup 6h] [--pg CONNSTRING]</c>: the live
/// engine (<see cref="NatsLiveEngine"/>). Prints ingestion, executor and publication counters every few seconds to
/// stderr; Ctrl+C stops it cleanly (ingestion first, then the rings drain).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var pipeline = new Option<FileInfo>("--pipeline") { Description = "pipeline YAML (pipelines/es_futures.yaml)", Required = true };
        var symbols = new Option<string>("--symbols") { Description = "comma-separated symbols this engine owns (each must be in the instrument registry)", Required = true };
        var instruments = new Option<FileInfo?>("--instruments") { Description = "instrument registry (default: instruments.yaml next to the pipeline)" };
        var journal = new Option<DirectoryInfo?>("--journal") { Description = "journal directory (default: ./journal)" };
        var jetStream = new Option<bool>("--jetstream") { Description = "no-loss mode: ticks from a JetStream durable consumer, acked after the journal has them" };
        var consumer = new Option<string>("--consumer") { Description = "JetStream durable consumer name (one per deployment)", DefaultValueFactory = _ => "te-engine" };
        var noPublic = new Option<bool>("--no-public") { Description = "publish internal binary only (a separate 'te publish' writes the public JSON)" };
        var duration = new Option<double>("--duration") { Description = "stop after S seconds (0: run until Ctrl+C)", DefaultValueFactory = _ => 0 };
        var stats = new Option<double>("--stats-interval") { Description = "seconds between counter lines on stderr (0: none)", DefaultValueFactory = _ => 5 };
        // recovery and warm-up (docs/recovery.md)
        var snapshotDir = new Option<DirectoryInfo?>("--snapshots") { Description = "snapshot directory: the executor snapshots its state there while live (default: no snapshots)" };
        var snapshotEvents = new Option<long>("--snapshot-every") { Description = "events between snapshots", DefaultValueFactory = _ => 100_000 };
        var snapshotTime = new Option<string>("--snapshot-interval") { Description = "event time between snapshots (90s, 1m, 1h)", DefaultValueFactory = _ => "1m" };
        var recover = new Option<bool>("--recover") { Description = "before going live, restore the newest good snapshot (--snapshots) and replay the journal after it; without snapshots, replay the journal (or the --warmup window)" };
        var warmup = new Option<string?>("--warmup") { Description = "before going live, replay the journal's last span of event time (6h, 30m, 2d) through the executor, outputs discarded" };
        var profile = new Option<FileInfo?>("--profile") { Description = "deployment profile (native-profiles/*.yaml): thread→core pinning, wait strategies, ring sizes" };
        var pg = new Option<string?>("--pg") { Description = "PostgreSQL/TimescaleDB connection string: store trade prints and outputs there (the Timescale sink on both rings; docs/timescale.md)" };
        var nats = new NatsOptions();
        var command = new Command("run", "the live engine: NATS in, journal and executor, NATS out")
        {
            pipeline, symbols, instruments, journal, jetStream, consumer, noPublic, duration, stats,
            snapshotDir, snapshotEvents, snapshotTime, recover, warmup, profile, pg,
        };
        nats.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var pipelinePath = result.GetValue(pipeline)!.FullName;
            TimeSpan? warmUpWindow;
            TimeSpan snapshotEvery;
            DeploymentProfile? deployment;
            try
            {
                warmUpWindow = result.GetValue(warmup) is { } w ? EngineRecovery.ParseWindow(w) : null;
                snapshotEvery = EngineRecovery.ParseWindow(result.GetValue(snapshotTime)!);
                deployment = result.GetValue(profile) is { } profileFile ? DeploymentProfile.Load(profileFile.FullName) : null;
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                Console.Error.WriteLine($"te run: {ex.Message}");
                return 2;
            }
            var options = new NatsLiveEngineOptions
            {
                PipelinePath = pipelinePath,
                InstrumentsPath = result.GetValue(instruments)?.FullName ?? Path.Combine(Path.GetDirectoryName(pipelinePath)!, "instruments.yaml"),
                Symbols = result.GetValue(symbols)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                JournalDirectory = result.GetValue(journal)?.FullName ?? Path.GetFullPath("journal"),
                External = nats.External(result, "te-run"),
                Internal = nats.Internal(result, "te-run"),
                JetStream = result.GetValue(jetStream),
                ConsumerName = result.GetValue(consumer)!,
                PublishPublic = !result.GetValue(noPublic),
                SnapshotDirectory = result.GetValue(snapshotDir)?.FullName,
                Snapshots = new SnapshotPolicy { EveryEvents = result.GetValue(snapshotEvents), EveryEventTime = snapshotEvery },
                Recover = result.GetValue(recover),
                WarmUp = warmUpWindow,
                Profile = deployment,
                Timescale = result.GetValue(pg) is { } connectionString ? new TimescaleOptions { ConnectionString = connectionString } : null,
            };
            NatsLiveEngine engine;
            try
            {
                engine = await NatsLiveEngine.StartAsync(options, cancellationToken);
            }
            catch (NatsConnectionRefusedException ex)
            {
                Console.Error.WriteLine($"te run: {ex.Message}");
                return 1;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or FormatException or InvalidOperationException)
            {
                Console.Error.WriteLine($"te run: {ex.Message}");
                return 2;
            }
            await using (engine)
            {
                if (engine.Recovery is { } recovered)
                    Console.Error.WriteLine($"te run: {(options.Recover ? "recovered" : "warmed up")}: {recovered}");
                Console.Error.WriteLine($"te run: {string.Join(",", options.Symbols)} on {options.External}{(options.JetStream ? " (JetStream no-loss)" : "")}, journal {options.JournalDirectory}");
                var until = result.GetValue(duration) is > 0 and var d ? DateTime.UtcNow + TimeSpan.FromSeconds(d) : DateTime.MaxValue;
                var interval = TimeSpan.FromSeconds(result.GetValue(stats) is > 0 and var s ? s : 3600);
                var previous = engine.Executor.Counters.Sample();
                try
                {
                    while (DateTime.UtcNow < until)
                    {
                        var wait = until == DateTime.MaxValue ? interval : TimeSpan.FromTicks(Math.Min(interval.Ticks, (until - DateTime.UtcNow).Ticks));
                        await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken);
                        if (result.GetValue(stats) > 0)
                            previous = Print(engine, previous);
                    }
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop cleanly
                }
            }
            Print(engine, default);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The operator's line, every --stats-interval seconds: executor rates and ring occupancy, then ingestion (rejects by
    /// reason, dead letters, gaps), publication and the journal's durable position.
    /// </summary>
    private static CounterSample Print(NatsLiveEngine engine, in CounterSample previous)
    {
        var now = engine.Executor.Counters.Sample();
        Console.Error.WriteLine($"engine: {now.FormatLine(previous)} input ring {engine.InputRing.Occupancy}/{engine.InputRing.Size} output ring {engine.OutputRing.Occupancy}/{engine.OutputRing.Size}" +
            $" | ingestion: {engine.Ingestion} | publication: {engine.Publisher.Counters} | journal: durable seq {engine.Journal.DurableSequence.Value}" +
            (engine.Sink?.Statistics is { } sink
                ? $" | sink: written {sink.RowsWritten}/{sink.Accepted}, buffered {sink.Buffered}, spilled {sink.SpilledRows}, failed attempts {sink.FailedAttempts}{(sink.Connected ? "" : " (disconnected)")}"
                : ""));
        return now;
    }
}
