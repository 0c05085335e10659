using System.Numerics;
using TradingEngine.Hosting;
using System.Globalization;
using TradingEngine.Types;
using TradingEngine.Engine.Pipelines;
using TradingEngine.Engine.Runtime;
using TradingEngine.Engine.Hosting;
using System.CommandLine;
using TradingEngine.Hosting.Observability;
using TradingEngine.Hosting.Recovery;
using TradingEngine.Hosting.Replay;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Timescale;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// <c>te run (--pipeline FILE --symbols ES[,NQ] | --config pipelines/engine.yaml) --nats URL [--jetstream [--stream S] [--consumer C] [--stream-max-bytes N]] [--journal DIR] [--no-public] [--snapshots DIR] [--recover] [--warmup 6h] [--pg CONNSTRING [--sink-memory MiB] [--sink-spill DIR]]</c>: the live
/// engine (<see cref="NatsLiveEngine"/>). Prints ingestion, executor and publication counters every few seconds to
/// stderr; Ctrl+C stops it cleanly (ingestion first, then the rings drain).
/// </summary>
internal static class RunCommand
{
    public static Command Create() => Create("run", "the live engine: NATS in, journal and executor, NATS out", null);

    /// <summary>The command under another name with a role's adjustments (<c>te serve executor</c>, <c>te serve aggregator</c>).</summary>
    internal static Command Create(string name, string description, RoleHooks<NatsLiveEngineOptions, NatsLiveEngineOptions>? role)
    {
        var pipeline = new Option<FileInfo?>("--pipeline") { Description = "pipeline YAML (pipelines/es_futures.yaml), with --symbols: one executor for them all" };
        var symbols = new Option<string?>("--symbols") { Description = "comma-separated symbols this engine owns (each must be in the instrument registry)" };
        var continuous = new Option<string?>("--continuous") { Description = "ROOT (ES, GC): with --pipeline, run one series of the root's contracts (--symbols: the contracts to subscribe, e.g. ESZ13,ESH14), unadjusted, with the roll events of te replay --continuous ROOT --adjust none; docs/rolls.md" };
        var config = new Option<FileInfo?>("--config") { Description = "engine config (pipelines/engine.yaml): one executor per entry, each with its symbols, pipelines and core; instead of --pipeline/--symbols" };
        var instruments = new Option<FileInfo?>("--instruments") { Description = "instrument registry (default: instruments.yaml next to the pipeline)" };
        var journal = new Option<DirectoryInfo?>("--journal") { Description = "journal directory (default: ./journal)" };
        var jetStream = new Option<bool>("--jetstream") { Description = "no-loss mode: ticks, quotes and candles from the engine's JetStream stream, in stream order, acked after the journal has them" };
        var consumer = new Option<string>("--consumer") { Description = "JetStream durable consumer name (one per deployment)", DefaultValueFactory = _ => "te-engine" };
        var stream = new Option<string>("--stream") { Description = "JetStream stream of this engine (it captures the owned symbols' input subjects; one per engine process)", DefaultValueFactory = _ => new JetStreamOptions().StreamName };
        var streamMaxBytes = new Option<long>("--stream-max-bytes") { Description = "most bytes the stream holds un-acked; when full it refuses publishes (default 1 GiB)", DefaultValueFactory = _ => new JetStreamOptions().MaxBytes }.Positive();
        var noPublic = new Option<bool>("--no-public") { Description = "publish internal binary only (a separate 'te publish' writes the public JSON)" };
        var duration = new Option<double>("--duration") { Description = "stop after S seconds (0: run until Ctrl+C)", DefaultValueFactory = _ => 0 }.RunSeconds();
        var stats = new Option<double>("--stats-interval") { Description = "seconds between counter lines on stderr (0: none)", DefaultValueFactory = _ => 5 }.NonNegative();
        // recovery and warm-up (docs/recovery.md)
        var snapshotDir = new Option<DirectoryInfo?>("--snapshots") { Description = "snapshot directory: the executor snapshots its state there while live (default: no snapshots)" };
        var snapshotEvents = new Option<long>("--snapshot-every") { Description = "events between snapshots", DefaultValueFactory = _ => 100_000 }.Positive();
        var snapshotTime = new Option<string>("--snapshot-interval") { Description = "event time between snapshots (90s, 1m, 1h)", DefaultValueFactory = _ => "1m" };
        var recover = new Option<bool>("--recover") { Description = "before going live, restore the newest good snapshot (--snapshots) and replay the journal after it; without snapshots, replay the journal (or the --warmup window)" };
        var warmup = new Option<string?>("--warmup") { Description = "before going live, replay the journal's last span of event time (6h, 30m, 2d) through the executor, outputs discarded" };
        var clockInterval = new Option<string>("--clock-interval") { Description = "wall-clock time between the live clock's timer events, which close candles a quiet market leaves open and fire clock nodes (1s, 250ms; 0: no clock)", DefaultValueFactory = _ => "1s" };
        var profile = new Option<FileInfo?>("--profile") { Description = "deployment profile (native-profiles/*.yaml): thread→core pinning, wait strategies, ring sizes" };
        var publisherStall = new Option<string>("--publisher-stall-timeout")
        {
            Description = "how long the NATS publisher may sit with its output ring full before the executors drop its outputs (counted in the summary) rather than wait (100ms, 2s)",
            DefaultValueFactory = _ => "100ms",
        }.PositiveDuration();
        var pg = new Option<string?>("--pg") { Description = "PostgreSQL/TimescaleDB connection string: store trade prints and outputs there (the Timescale sink on both rings; docs/timescale.md)" };
        var sinkMemory = SinkCommand.MemoryOption();
        var sinkSpill = SinkCommand.SpillOption();
        var nats = new NatsOptions();
        var metrics = MetricsOption.Create();
        var sampleEvery = new Option<int>("--latency-sample-every") { Description = "with --metrics: sample the tick → output latency of one input event in N (a power of two; 1: every event, so the histogram counts every output; docs/observability.md)", DefaultValueFactory = _ => OutputLatencySampler.DefaultSampleEvery }.InRange(1, 1 << 20);
        var command = new Command(name, description)
        {
            metrics, sampleEvery,
            pipeline, symbols, continuous, config, instruments, journal, jetStream, consumer, stream, streamMaxBytes, noPublic, duration, stats,
            snapshotDir, snapshotEvents, snapshotTime, recover, warmup, profile, clockInterval, publisherStall, pg, sinkMemory, sinkSpill, SinkCommand.PgPasswordFileOption(),
        };
        nats.AddTo(command);
        // each role's messages name it: "te serve executor: …", not "te run: …"
        var tag = role is null ? "te run" : "te serve " + name;
        command.SetAction(async (result, cancellationToken) =>
        {
            var configFile = result.GetValue(config);
            if ((configFile is null) == (result.GetValue(pipeline) is null || result.GetValue(symbols) is null) ||
                (configFile is not null && (result.GetValue(pipeline) is not null || result.GetValue(symbols) is not null)))
            {
                Console.Error.WriteLine($"{tag}: give either --config ENGINE.yaml, or --pipeline FILE with --symbols A,B");
                return 2;
            }
            EngineConfig? engineConfig = null;
            if (configFile is not null)
            {
                try
                {
                    engineConfig = EngineConfigLoader.LoadFile(configFile.FullName);
                }
                catch (Exception ex) when (ex is PipelineException or IOException)
                {
                    Console.Error.WriteLine($"{tag}: {ex.Message}");
                    return 2;
                }
            }
            var pipelinePath = result.GetValue(pipeline)?.FullName ?? engineConfig!.File;
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
                Console.Error.WriteLine($"{tag}: {ex.Message}");
                return 2;
            }
            if (!DurationText.TryParse(result.GetValue(clockInterval), out var clockEvery))
            {
                Console.Error.WriteLine($"{tag}: --clock-interval '{result.GetValue(clockInterval)}' is not {DurationText.Expected}");
                return 2;
            }
            DurationText.TryParse(result.GetValue(publisherStall), out var stallTimeout); // checked at parse (PositiveDuration)
            if (engineConfig?.ClockInterval is { } configured && result.GetResult(clockInterval) is null or { Implicit: true })
                clockEvery = configured; // the config's clock unless --clock-interval is given
            var options = new NatsLiveEngineOptions
            {
                PipelinePath = pipelinePath,
                InstrumentsPath = engineConfig?.InstrumentsPath ?? result.GetValue(instruments)?.FullName ?? Path.Combine(Path.GetDirectoryName(pipelinePath)!, "instruments.yaml"),
                Symbols = result.GetValue(symbols)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
                Config = engineConfig,
                Continuous = result.GetValue(continuous),
                JournalDirectory = result.GetValue(journal)?.FullName ?? Path.GetFullPath("journal"),
                External = nats.External(result, "te-run"),
                Internal = nats.Internal(result, "te-run"),
                JetStream = result.GetValue(jetStream),
                ConsumerName = result.GetValue(consumer)!,
                StreamName = result.GetValue(stream)!,
                StreamMaxBytes = result.GetValue(streamMaxBytes),
                PublishPublic = !result.GetValue(noPublic),
                SnapshotDirectory = result.GetValue(snapshotDir)?.FullName,
                Snapshots = new SnapshotPolicy { EveryEvents = result.GetValue(snapshotEvents), EveryEventTime = snapshotEvery },
                Recover = result.GetValue(recover),
                WarmUp = warmUpWindow,
                Profile = deployment,
                ClockInterval = clockEvery,
                PublisherStallTimeout = stallTimeout,
                Timescale = result.GetValue(pg) is { } connectionString
                    ? SinkCommand.WithBuffering(new TimescaleOptions { ConnectionString = connectionString, PasswordFile = SinkCommand.PgPasswordFile(result) }, result, sinkMemory, sinkSpill)
                    : null,
            };
            if (role is not null)
            {
                if (role.Adjust(result, options) is not { } adjusted)
                    return 2;
                options = adjusted;
            }
            if (options.Timescale is { } timescale && await VerifyDatabaseAsync(timescale, tag, cancellationToken) is { } refused)
                return refused;
            // the endpoint answers /healthz from before the start, so a long recovery is not taken for a hung process
            var metricsAddress = MetricsOption.Address(result, metrics);
            if (!BitOperations.IsPow2(result.GetValue(sampleEvery)))
            {
                Console.Error.WriteLine($"{tag}: --latency-sample-every {result.GetValue(sampleEvery)}: expected a power of two (1, 2, 4, … 16 by default)");
                return 2;
            }
            options = options with { SampleLatency = metricsAddress is not null, LatencySampleEvery = result.GetValue(sampleEvery) };
            await using var liveMetrics = metricsAddress is null ? null : new LiveEngineMetrics(options);
            await using var endpoint = MetricsOption.Start(tag, metricsAddress, liveMetrics, out var metricsFailed);
            if (metricsFailed)
                return 2;
            NatsLiveEngine engine;
            try
            {
                engine = await NatsLiveEngine.StartAsync(options, cancellationToken);
            }
            catch (Exception ex) when (ex is NatsConnectionRefusedException or TradingEngine.Hosting.Serving.SnapshotBusUnavailableException)
            {
                Console.Error.WriteLine($"{tag}: {ex.Message}");
                return 1;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or FormatException or InvalidOperationException or PipelineException)
            {
                Console.Error.WriteLine($"{tag}: {ex.Message}");
                return 2;
            }
            liveMetrics?.Attach(engine);
            await using (engine)
            {
                if (engine.SnapshotBus?.Restored is not null)
                    Console.Error.WriteLine($"{tag}: restored from the bus: {engine.SnapshotBus}");
                if (engine.Recovery is { } recovered)
                    Console.Error.WriteLine($"{tag}: {(options.Recover ? "recovered" : "warmed up")}: {recovered}");
                foreach (var e in engine.Engines.Executors)
                    Console.Error.WriteLine($"{tag}: executor '{e.Config.Name}'{(e.Config.Cpu is { } cpu ? $" (cpu {cpu})" : "")}: {string.Join(",", e.Symbols)}");
                Console.Error.WriteLine($"{tag}: {string.Join(",", engine.Engines.Symbols)} on {options.External}{(options.JetStream ? " (JetStream no-loss)" : "")}, journal {options.JournalDirectory}");
                var until = result.GetValue(duration) is > 0 and var d ? DateTime.UtcNow + TimeSpan.FromSeconds(d) : DateTime.MaxValue;
                // the config's counters interval unless --stats-interval is given
                var statsSeconds = engineConfig is not null && result.GetResult(stats) is null or { Implicit: true }
                    ? engineConfig.CountersIntervalSeconds
                    : result.GetValue(stats);
                var interval = TimeSpan.FromSeconds(statsSeconds > 0 ? statsSeconds : 3600);
                var previous = engine.Engines.Executors.Select(e => e.Executor.Counters.Sample()).ToArray();
                try
                {
                    while (DateTime.UtcNow < until)
                    {
                        var wait = until == DateTime.MaxValue ? interval : TimeSpan.FromTicks(Math.Min(interval.Ticks, (until - DateTime.UtcNow).Ticks));
                        await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken);
                        if (statsSeconds > 0)
                            previous = Print(engine, previous);
                    }
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop cleanly
                }
                liveMetrics?.MarkStopping();
            }
            Print(engine, new CounterSample[engine.Engines.Executors.Count]);
            if (engine.SnapshotBus is { } bus)
                Console.Error.WriteLine($"{tag}: {bus}");
            return Verdict(engine, options, Console.Error, tag);
        });
        return command;
    }

    /// <summary>
    /// A malformed connection string is exit 2, a refused password (SQLSTATE 28xxx) or a missing database exit 1, both
    /// one line with the server's reason; an unreachable server only warns, since the sink buffers and spills until it
    /// is back (docs/timescale.md).
    /// </summary>
    private static async Task<int?> VerifyDatabaseAsync(TimescaleOptions timescale, string tag, CancellationToken cancellationToken)
    {
        try
        {
            timescale.Validate();
            await TimescaleConnectionCheck.VerifyAsync(timescale, cancellationToken);
            return null;
        }
        catch (TimescaleConnectionException ex) when (ex.IsUnreachable)
        {
            Console.Error.WriteLine($"{tag}: warning: {ex.Message}; the sink buffers and retries");
            return null;
        }
        catch (TimescaleConnectionException ex)
        {
            Console.Error.WriteLine($"{tag}: {ex.Message}");
            return 1;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"{tag}: {ex.Message}");
            return 2;
        }
    }

    /// <summary>
    /// The operator's line, every --stats-interval seconds: executor rates and ring occupancy, then ingestion (rejects by
    /// reason, dead letters, gaps), publication and the journal's durable position.
    /// </summary>
    private static CounterSample[] Print(NatsLiveEngine engine, CounterSample[] previous)
    {
        var executors = engine.Engines.Executors;
        var now = new CounterSample[executors.Count];
        var lines = new List<string>(executors.Count);
        for (var i = 0; i < executors.Count; i++)
        {
            now[i] = executors[i].Executor.Counters.Sample();
            lines.Add((executors.Count > 1 ? $"{executors[i].Config.Name}: " : "") + now[i].FormatLine(previous[i]));
        }
        Console.Error.WriteLine($"engine: {string.Join(" ; ", lines)} input ring {engine.InputRing.Occupancy}/{engine.InputRing.Size} output ring {engine.OutputRing.Occupancy}/{engine.OutputRing.Size}" +
            (engine.PublisherDroppedOutputs > 0 ? $", outputs dropped: nats publisher {engine.PublisherDroppedOutputs} (its ring was full)" : "") +
            $" | ingestion: {engine.Ingestion} | candles: {AggregationDrops(executors)} | {ClockLine(engine)} | publication: {engine.Publisher.Counters}" +
            (engine.OutputMarks is { } marks ? $", output marks written {marks.Written}{(marks.Held ? " (held since outputs were dropped: --recover publishes again from the mark)" : "")}{(marks.LastError is { } e ? $" (last error: {e})" : "")}" : "") +
            $" | journal: durable seq {engine.Journal.DurableSequence.Value}" +
            (engine.Sink?.Statistics is { } sink
                ? $" | sink: written {sink.RowsWritten}/{sink.Accepted}, buffered {sink.Buffered} ({sink.BufferedBytes >> 20} MiB), spilled {sink.SpilledRows}, out of order {sink.OutOfOrder}, failed attempts {sink.FailedAttempts}{(sink.Connected ? "" : " (disconnected)")}"
                : ""));
        return now;
    }

    /// <summary>
    /// The run's last word: input received and accepted, every rejection reason, what the executors left out and what
    /// was published; 1 with the likely cause when input came and every event was refused, or when accepted input gave
    /// no output at all (publishing on); else 0.
    /// </summary>
    internal static int Verdict(NatsLiveEngine engine, NatsLiveEngineOptions options, TextWriter error, string tag = "te run")
    {
        var ingestion = engine.Ingestion;
        var accepted = ingestion.AcceptedTotal;
        var received = accepted + ingestion.RejectedTotal;
        var executors = engine.Engines.Executors.Select(e => e.Executor.Counters.Sample()).ToArray();
        long nodeFailures = executors.Sum(c => c.NodeFailures), eventFailures = executors.Sum(c => c.EventFailures), unknown = executors.Sum(c => c.UnknownSymbols);
        var published = engine.Publisher.Counters.InternalPublished + engine.Publisher.Counters.PublicPublished;
        var unconfirmed = published > 0 && !engine.FlushedAtStop
            ? "; the server did not confirm the last outputs before the connections closed (a connection had failed, or 10 s passed): they may be lost"
            : "";
        var reasons = Enum.GetValues<RejectReason>().Where(r => r != RejectReason.None && ingestion.Rejected(r) > 0)
            .OrderByDescending(ingestion.Rejected).Select(r => $"{r} {ingestion.Rejected(r)}").ToList();
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{tag}: summary: input {received} received, {accepted} accepted, {ingestion.RejectedTotal} rejected{(reasons.Count > 0 ? " (" + string.Join(", ", reasons) + ")" : "")}, " +
            $"dead-lettered {ingestion.DeadLetteredCount}, not owned {ingestion.NotOwnedCount}; executors: refused {eventFailures}, unowned {unknown}, node failures {nodeFailures}, " +
            $"skip markers passed over {executors.Sum(c => c.SkipMarkers)} (slots of rejected messages, {ingestion.SkipMarkers} published); " +
            $"candles left out: {AggregationDrops(engine.Engines.Executors)}; {ClockLine(engine)}; published {published} (internal {engine.Publisher.Counters.InternalPublished}, public {engine.Publisher.Counters.PublicPublished}), publish failures {engine.Publisher.Counters.Failures}, " +
            $"outputs dropped for the publisher (its ring full: a stalled NATS server) {engine.PublisherDroppedOutputs}{unconfirmed}"));
        foreach (var line in FirstExamples(engine))
            error.WriteLine($"{tag}:   {line}");
        foreach (var line in ContinuousLines(engine))
            error.WriteLine($"{tag}: {line}");
        if (received > 0 && accepted == 0)
        {
            error.WriteLine($"{tag}: every one of the {received} input events was rejected (most: {reasons[0]}): check the feed's format, symbols and prices against pipelines/instruments.yaml; the messages are on deadletter.<subject>");
            return 1;
        }
        if (accepted > 0 && published == 0 && (options.PublishInternal || options.PublishPublic))
        {
            var causes = new List<(string What, long Count)>
            {
                ("events the executors refused (a precision other than the instrument's)", eventFailures),
                ("events of symbols no executor owns", unknown),
                ("node failures", nodeFailures),
                ("publish failures (NATS down?)", engine.Publisher.Counters.Failures),
            };
            foreach (var pipeline in engine.Engines.Executors.SelectMany(e => e.Executor.Pipelines))
                causes.Add(("events outside the pipeline's session", pipeline.Aggregator.OutsideSessionEvents));
            var cause = causes.GroupBy(c => c.What).Select(g => (What: g.Key, Count: g.Sum(c => c.Count))).MaxBy(c => c.Count);
            error.WriteLine($"{tag}: {accepted} accepted input events gave no output; " +
                (cause.Count > 0 ? $"likely cause: {cause.Count} {cause.What}" : "no candle closed and no node produced a value in this run (too short, or a pipeline that reads other inputs)"));
            return 1;
        }
        return 0;
    }

    /// <summary>--continuous: each roll with the time the series reached it, and every event left out of the series by reason (docs/rolls.md).</summary>
    internal static IEnumerable<string> ContinuousLines(NatsLiveEngine engine)
    {
        if (engine.Continuous is not { } live)
            yield break;
        var series = live.Series;
        yield return $"continuous {series.Root.Symbol}: {series.Mapped} events on the series, {live.Schedule.Rolls.Count} roll(s)";
        for (var i = 0; i < live.Schedule.Rolls.Count; i++)
            yield return $"  roll: {live.Schedule.Rolls[i]}{(i < series.RollsEmitted ? " at " + TradingEngine.Types.UtcNanos.ToIso8601(series.RollTimes[i]) : "")}";
        foreach (var d in series.Dropped.Concat(live.Schedule.Deferred))
            yield return $"  left out: {d.Reason}: {d.Count}; first: {string.Join(", ", d.Examples)}";
    }

    /// <summary>
    /// One line per reason an input event was refused or left out, with its count and the first few events (receive
    /// time, subject and detail for ingestion; event time and symbol, or the engine's message, for the executors).
    /// </summary>
    internal static IEnumerable<string> FirstExamples(NatsLiveEngine engine)
    {
        var ingestion = engine.Ingestion;
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            if (reason != RejectReason.None && ingestion.Rejected(reason) > 0)
                yield return $"rejected {reason}: {ingestion.Rejected(reason)}{First(ingestion.Examples(reason))}";
        }
        if (ingestion.NotOwnedCount > 0)
            yield return $"not owned (skipped): {ingestion.NotOwnedCount}{First(ingestion.NotOwnedExamples)}";
        foreach (var executor in engine.Engines.Executors)
        {
            var name = engine.Engines.Executors.Count > 1 ? executor.Config.Name + ": " : "";
            foreach (var drop in new ReplayDiagnostics(executor.Executor, engine.Symbols).Drops())
                yield return $"{name}{drop.Reason}: {drop.Count}{First(drop.Examples)}";
        }

        static string First(IReadOnlyList<string> examples) => examples.Count > 0 ? "; first: " + string.Join("; ", examples) : "";
    }

    // events the candle aggregation left out, summed over every symbol (read from the executor threads' counters: a
    // value may be one event behind, never torn on x64)
    private static string AggregationDrops(IEnumerable<ExecutorInstance> executors)
    {
        long outside = 0, late = 0, filtered = 0, ignored = 0, clockLate = 0;
        foreach (var pipeline in executors.SelectMany(e => e.Executor.Pipelines))
        {
            outside += pipeline.Aggregator.OutsideSessionEvents;
            late += pipeline.Aggregator.LateInputs;
            clockLate += pipeline.Aggregator.ClockLateEvents;
            filtered += pipeline.Aggregator.FilteredTicks;
            ignored += pipeline.Aggregator.IgnoredExternalCandles;
        }
        return $"outside session {outside}, out of order {late} (of which late after the clock closed their candle {clockLate}), filtered {filtered}, external unread {ignored}";
    }

    // the live clock's timers: written into the input ring, and skipped because an executor's ring was full
    private static string ClockLine(NatsLiveEngine engine) => engine.Clock is { } clock
        ? string.Create(CultureInfo.InvariantCulture, $"clock: every {clock.Interval.TotalMilliseconds:0.###} ms, timers {clock.Injected}, skipped (ring full) {clock.Skipped}")
        : "clock: off";
}
