using TradingEngine.Engine.Dag;
using TradingEngine.Engine.Hosting;
using TradingEngine.Engine.Runtime;
using TradingEngine.Hosting.Recovery;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Types;

namespace TradingEngine.Hosting;

/// <summary>
/// The one place that composes an engine: per executor an input ring, its journaler and its executor (with snapshots
/// and recovery), per output consumer an output ring the executors publish into, the output consumers attached to the rings, and the
/// input sources that fill the rings by the symbol → ring table. <c>te run</c> (NATS core or JetStream, with or
/// without the database sink) is this host with NATS sources and consumers; tests plug in their own.
/// Replay (<c>te replay</c>, <c>te sweep</c>) drives the same executors by the same symbol → executor table in memory
/// (<see cref="InMemory{TSink}"/>, on the caller's thread).
/// <code>
///   source ─┬─► ring[executor 0] ─┬─► journaler 0 (journal/…0)
///           │                     └─► executor 0 ─┐   ┌─► output ring[publisher] (full: drop, counted)
///           └─► ring[executor 1] ─┬─► journaler 1  ├──┤
///                                 └─► executor 1 ─┘   └─► output ring[sink] (full: wait; the sink spills)
///
///   replay input ─► symbol → executor ─┬─► executor 0 ─┐
///   (journal, csv, synthetic)          └─► executor 1 ─┴─► replay outputs (hash, --out, report, --publish)
/// </code>
/// </summary>
public sealed class EngineHost
{
    private readonly EngineHostOptions _options;
    private readonly List<SnapshotWriter> _snapshots = [];
    private readonly List<IInputSource> _sources = [];
    private IReadOnlyList<IOutputConsumer> _consumers = [];
    private RingPipeline<MarketEvent>[] _inputs = [];
    private RingPipeline<OutputMessage>[]? _outputs;
    private OutputDrops[] _drops = [];
    private bool _stopped;

    private EngineHost(EngineSet engines, SymbolRegistry symbols, EngineHostOptions options, JournalWriter[] journals, long[] lastSource)
    {
        Engines = engines;
        Symbols = symbols;
        _options = options;
        Journals = journals;
        LastSourceSequences = lastSource;
    }

    public EngineSet Engines { get; }
    public SymbolRegistry Symbols { get; }

    /// <summary>One journal per executor (per input ring), in executor order.</summary>
    public IReadOnlyList<JournalWriter> Journals { get; }

    /// <summary>Each journal's highest source sequence at open (0 unless <see cref="EngineHostOptions.ReadSourceSequences"/>).</summary>
    public IReadOnlyList<long> LastSourceSequences { get; }

    /// <summary>The input rings, in executor order (empty before <see cref="Start"/>).</summary>
    public IReadOnlyList<RingPipeline<MarketEvent>> Inputs => _inputs;

    /// <summary>The output rings, one per consumer in consumer order (empty before <see cref="Start"/>).</summary>
    public IReadOnlyList<RingPipeline<OutputMessage>> Outputs => _outputs ?? [];

    /// <summary>Outputs the executors dropped for consumer <paramref name="consumer"/> (its ring full, policy <see cref="OutputOverflow.Drop"/>).</summary>
    public long DroppedOutputs(int consumer) => _drops.Sum(d => d[consumer]);

    /// <summary>Symbol → input ring.</summary>
    public RingRoutes<MarketEvent>? Routes { get; private set; }

    /// <summary>What the input sources see (null before <see cref="Start"/>).</summary>
    public InputRings? InputRings { get; private set; }

    /// <summary>The snapshot writers, in executor order (empty without a snapshot directory).</summary>
    public IReadOnlyList<SnapshotWriter> Snapshots => _snapshots;

    /// <summary>The input sources started so far.</summary>
    public IReadOnlyList<IInputSource> Sources => _sources;

    /// <summary>The output consumers attached.</summary>
    public IReadOnlyList<IOutputConsumer> Consumers => _consumers;

    /// <summary>
    /// Where executor <paramref name="executor"/> keeps its journal (or its snapshots) under <paramref name="root"/>: the
    /// directory itself with one executor, a subdirectory named after it with several (each replays or restores its own).
    /// </summary>
    public static string JournalDirectoryOf(string root, EngineSet engines, ExecutorInstance executor) =>
        engines.Executors.Count == 1 ? root : Path.Combine(root, executor.Config.Name);

    /// <summary>Opens one journal per executor (nothing runs yet).</summary>
    public static EngineHost Open(EngineSet engines, SymbolRegistry symbols, EngineHostOptions options)
    {
        if (options.IdleInterval <= TimeSpan.Zero || options.IdleInterval.TotalMilliseconds > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), options.IdleInterval, $"EngineHostOptions.IdleInterval must be positive (got {options.IdleInterval})");
        var journals = new List<JournalWriter>();
        var last = new long[engines.Executors.Count];
        try
        {
            for (var i = 0; i < engines.Executors.Count; i++)
            {
                var directory = JournalDirectoryOf(options.JournalDirectory, engines, engines.Executors[i]);
                // what the journal already holds: JetStream re-deliveries up to it are duplicates
                last[i] = options.ReadSourceSequences ? LastSourceSequence(directory, symbols) : 0;
                journals.Add(JournalWriter.Open(directory, symbols, new JournalWriterOptions { Fsync = options.Fsync }));
            }
        }
        catch
        {
            foreach (var j in journals)
                j.Dispose();
            throw;
        }
        return new EngineHost(engines, symbols, options, [.. journals], last);
    }

    /// <summary>
    /// Recovery / warm-up: every executor reaches its journal's end before the first live event (each replays its own
    /// journal from its own snapshots). <paramref name="republish"/>: per executor, the publisher and output mark of a
    /// JetStream recovery that publishes again what died with the process.
    /// </summary>
    public IReadOnlyList<RecoveryResult> Recover(Func<ExecutorInstance, (OutputPublisher, long)?>? republish = null)
    {
        var results = new List<RecoveryResult>();
        for (var i = 0; i < Engines.Executors.Count; i++)
        {
            var e = Engines.Executors[i];
            if (LiveRecovery.BeforeLive(e.Executor, Symbols, Journals[i], SnapshotDirectory(e), _options.Recover, _options.WarmUp, republish?.Invoke(e)) is { } recovered)
                results.Add(recovered);
        }
        return results;
    }

    /// <summary>
    /// Builds the rings and starts their threads: per executor an input ring with its journaler and executor, one output
    /// ring, every consumer's handlers. <paramref name="publishedThrough"/>: per executor, its durable output mark
    /// (JetStream), so the snapshots kept are no newer than it.
    /// </summary>
    public void Start(IReadOnlyList<IOutputConsumer> consumers, Func<ExecutorInstance, Func<long>?>? publishedThrough = null)
    {
        if (_outputs is not null)
            throw new InvalidOperationException("the host is started once");
        var profile = _options.Profile;
        var config = Engines.Config;
        var executors = Engines.Executors;
        var outputSize = profile?.OutputRingSize ?? _options.RingSize ?? config.OutputRing.Size;
        // one output ring per consumer: a stalled consumer holds back no other, and its overflow policy decides what
        // the executors do when its ring is full. Several executors publish into each: multi-producer then
        var outputs = new RingPipeline<OutputMessage>[consumers.Count];
        for (var c = 0; c < consumers.Count; c++)
        {
            var outputWait = RingWait(profile, config.OutputRing);
            outputs[c] = new RingPipeline<OutputMessage>(executors.Count > 1
                ? RingBuffer<OutputMessage>.CreateMultiProducer(outputSize, outputWait)
                : RingBuffer<OutputMessage>.CreateSingleProducer(outputSize, outputWait));
        }
        var outputRings = outputs.Select(o => o.Ring).ToArray();
        var overflow = consumers.Select(c => c.Overflow).ToArray();
        var inputs = new RingPipeline<MarketEvent>[executors.Count];
        var drops = new OutputDrops[executors.Count];
        for (var i = 0; i < executors.Count; i++)
        {
            var e = executors[i];
            // one ring per executor: a slow executor fills only its own ring. Multi-producer: every subscription loop
            // of the ingestion (and the connection's event thread, for gaps) publishes into it
            var input = new RingPipeline<MarketEvent>(RingBuffer<MarketEvent>.CreateMultiProducer(
                profile?.InputRingSize ?? _options.RingSize ?? config.InputRing.Size, RingWait(profile, config.InputRing)));
            input.Add(new Journaler(Journals[i]), Thread("journaler"));
            drops[i] = new OutputDrops(consumers.Count, _options.OutputStallTimeout);
            var sink = new OutputFanOutSink(outputRings, overflow, drops[i]);
            if (SnapshotDirectory(e) is { } snapshotDirectory)
            {
                var writer = LiveRecovery.CreateWriter(snapshotDirectory, _options.Snapshots, Journals[i], publishedThrough?.Invoke(e));
                _snapshots.Add(writer);
                input.Add(LiveRecovery.CreateHandler(e.Executor, Symbols, input.Ring, sink, writer, _options.Snapshots, Journals[i]), ExecutorThread(e));
            }
            else
            {
                var handler = new ExecutorRingHandler<OutputFanOutSink>(e.Executor, input.Ring, sink) { DurableGate = Journals[i].DurableRingSequence };
                if (_options.Continuous is { } continuous) // te run --continuous: the contracts' events become the root's series (docs/rolls.md)
                    input.Add(new ContinuousRingHandler<OutputFanOutSink>(continuous, handler), ExecutorThread(e));
                else
                    input.Add(handler, ExecutorThread(e));
            }
            inputs[i] = input;
        }
        _drops = drops;
        var names = executors.Select(e => e.Config.Name).ToArray();
        for (var c = 0; c < consumers.Count; c++)
            consumers[c].Attach(new OutputAttachment(outputs[c], inputs, names, name => Thread(name), Symbols));
        _consumers = consumers;
        if (profile is not null) // a cooperative thread yields its core to the consumers pinned beside it when they have work
            CoreMates.Link(profile, [.. outputs.Select(o => (o.Ring.Cursor, o.Processors)), .. inputs.Select(i => (i.Ring.Cursor, i.Processors))]);
        // ring i is executor i's: the engine's symbol → executor table routes input live as it does in replay (InMemory)
        Routes = new RingRoutes<MarketEvent>(inputs.Select(p => p.Ring).ToArray(), Engines.SymbolRoutes, _options.Continuous is null ? -1 : 0); // continuous: the contracts go to the root's ring
        InputRings = new InputRings(Routes, inputs, Journals, LastSourceSequences, Symbols);
        foreach (var output in outputs)
            output.Start();
        _outputs = outputs;
        foreach (var input in inputs)
            input.Start();
        _inputs = inputs;
    }

    /// <summary>
    /// The replay driver of <paramref name="engines"/>: the host's other driver of the same executors. Live, a source
    /// publishes into the input ring of the executor <see cref="EngineSet.SymbolRoutes"/> names and that ring's thread runs
    /// the executor (<see cref="Start"/>); in replay, the caller's thread hands each event to the same executor by the same
    /// table, in memory (<see cref="InMemoryEngineDriver{TSink}"/>), with no ring, journal or thread: recorded input is
    /// already journaled, and one thread makes the output order a function of the input alone, so the replay hash is
    /// exact. <paramref name="sinkOf"/>: each executor's output sink (the replay's outputs, a sweep variant's, a test's).
    /// </summary>
    public static InMemoryEngineDriver<TSink> InMemory<TSink>(EngineSet engines, Func<ExecutorInstance, TSink> sinkOf)
        where TSink : struct, IOutputSink =>
        new(engines, sinkOf);

    /// <summary>Starts <paramref name="source"/> on the input rings; it is stopped first at shutdown.</summary>
    public async Task AddSourceAsync(IInputSource source, CancellationToken cancellationToken)
    {
        if (InputRings is null)
            throw new InvalidOperationException("start the host before its sources");
        _sources.Add(source);
        await source.StartAsync(InputRings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops in order: the sources (nothing new enters), then every input ring drains through its journaler and executor,
    /// then the output ring through the consumers' handlers, then the snapshot writers and the journals close. True when
    /// every ring drained in time. The consumers' own stop (<see cref="StopConsumersAsync"/>) is separate, so the caller
    /// can close what they depend on in between.
    /// </summary>
    public async ValueTask<bool> StopAsync()
    {
        if (_stopped)
            return false;
        _stopped = true;
        foreach (var source in _sources)
            await source.StopAsync().ConfigureAwait(false);
        foreach (var source in _sources)
            await source.DisposeAsync().ConfigureAwait(false);
        var drained = true;
        foreach (var input in _inputs)
            drained &= input.Shutdown(TimeSpan.FromSeconds(10));
        foreach (var output in Outputs)
            drained &= output.Shutdown(TimeSpan.FromSeconds(10));
        foreach (var writer in _snapshots)
            writer.Dispose(); // after the executor's last snapshot (taken at its shutdown), before the journal closes
        foreach (var journal in Journals)
            journal.Dispose(); // its last sync: the durable source sequence is the journal's end
        return drained;
    }

    /// <summary>Stops every consumer (its final flush), after <see cref="StopAsync"/>.</summary>
    public async ValueTask StopConsumersAsync()
    {
        foreach (var consumer in _consumers)
        {
            await using (consumer.ConfigureAwait(false))
                await consumer.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Undoes a start that failed half-way: halts the rings' threads, closes snapshots and journals.</summary>
    public async ValueTask AbortAsync()
    {
        foreach (var source in _sources)
            await source.DisposeAsync().ConfigureAwait(false);
        foreach (var input in _inputs)
            input.Shutdown(TimeSpan.FromSeconds(5));
        foreach (var output in Outputs)
            output.Shutdown(TimeSpan.FromSeconds(5));
        foreach (var consumer in _consumers)
            await consumer.DisposeAsync().ConfigureAwait(false);
        foreach (var writer in _snapshots)
            writer.Dispose();
        foreach (var journal in Journals)
            journal.Dispose();
    }

    /// <summary>
    /// The options of a ring thread: with a deployment profile, its core and its own wait strategy (so under
    /// bare-metal-8core the executor busy-spins while the journaler yields and the sink sleeps); else unpinned (or the
    /// engine config's core), waiting as its ring does.
    /// </summary>
    /// <remarks>
    /// Every thread but an executor's is told when its ring has been quiet for <see cref="EngineHostOptions.IdleInterval"/>
    /// (<see cref="ProcessorOptions.IdleTimeout"/>), whatever its wait strategy: the database sink then hands its last
    /// rows to its writer and an interval journal syncs, so a quiet market is written within the flush interval, not at
    /// the next tick. An executor needs no such call (its batch ends with its events) and its wait stays a plain poll.
    /// </remarks>
    private ProcessorOptions Thread(string name) => Thread(name, cpu: null, _options.IdleInterval);

    private ProcessorOptions ExecutorThread(ExecutorInstance executor) => Thread(executor.ThreadName, executor.Config.Cpu, idle: null);

    private ProcessorOptions Thread(string name, int? cpu, TimeSpan? idle)
    {
        if (_options.Profile is not { } profile)
            return new ProcessorOptions { Name = name, Cpu = cpu, IdleTimeout = idle };
        var options = profile.ProcessorOptionsFor(name);
        return new ProcessorOptions
        {
            Name = options.Name,
            Cpu = options.Cpu,
            ExceptionPolicy = options.ExceptionPolicy,
            ErrorLog = options.ErrorLog,
            WaitStrategy = profile.WaitStrategyFor(name),
            IdleTimeout = idle,
        };
    }

    /// <summary>A profile's rings wake each consumer its own way (<see cref="PerThreadWaitStrategy"/>); else the ring config's one strategy.</summary>
    private static WaitStrategy RingWait(DeploymentProfile? profile, RingConfig ring) =>
        profile is not null ? new PerThreadWaitStrategy(WaitStrategyKinds.Create(profile.DefaultWait)) : ring.CreateWaitStrategy();

    /// <summary>Where an executor keeps its snapshots: laid out like its journal (<see cref="JournalDirectoryOf"/>).</summary>
    private string? SnapshotDirectory(ExecutorInstance executor) =>
        _options.SnapshotDirectory is { } root ? JournalDirectoryOf(root, Engines, executor) : null;

    /// <summary>
    /// The highest stream sequence the journal holds (<see cref="JournalReader.SourceSequenceAtWrite"/>), read from the
    /// last segment that has one: segments follow the stream in order, so it is there, and the work is bounded by a
    /// segment whatever the journal's size. Gap events carry none (0), so the largest is taken, not the last.
    /// </summary>
    internal static long LastSourceSequence(string directory, SymbolRegistry symbols)
    {
        if (!Directory.Exists(directory))
            return 0;
        var segments = Directory.GetFiles(directory, "*.tej");
        Array.Sort(segments, StringComparer.Ordinal);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(segments[i]), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var first))
                continue;
            long last = 0;
            using var reader = new JournalReader(directory, symbols, first);
            while (reader.TryRead(out _))
            {
                if (reader.SourceSequenceAtWrite > last)
                    last = reader.SourceSequenceAtWrite;
            }
            if (last > 0)
                return last;
        }
        return 0;
    }
}
