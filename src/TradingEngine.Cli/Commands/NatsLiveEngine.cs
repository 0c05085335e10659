using TradingEngine.Cli.Recovery;
using TradingEngine.Engine.Runtime;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.Cli.Commands;

/// <summary>
/// The live engine of <c>te run</c>: NATS ingestion → input ring → journaler ∥ symbol executor (∥ database sink) →
/// output ring → NATS publisher (∥ database sink). Ingestion is core NATS (ticks, quotes, candles) or, in no-loss mode, the engine's
/// JetStream stream of its owned input subjects (ticks, quotes and candles alike) read in stream order through a durable consumer
/// that acks only what the journaler has made durable.
/// The executor comes from <see cref="EngineFactory"/>, like <c>te replay</c>'s, so a replay of this run's journal
/// runs the same compiled graph and gives the same outputs.
/// </summary>
public sealed class NatsLiveEngine : IAsyncDisposable
{
    private readonly NatsConnectionPair _connections;
    private readonly RingPipeline<MarketEvent> _input;
    private readonly RingPipeline<OutputMessage> _output;
    private readonly JournalWriter _journal;
    private readonly MarketDataIngestor? _core;
    private readonly JetStreamIngestor? _jetStream;
    private bool _disposed;
    private IReadOnlyList<SnapshotWriter> _snapshots = [];
    private OutputMarkWriter? _marks;

    /// <summary>The output mark's file in the journal directory (JetStream mode): what reached the NATS server, per symbol.</summary>
    public const string OutputMarkFile = "outputs.published";
    private TimescaleSink? _sink;

    private NatsLiveEngine(NatsConnectionPair connections, RingPipeline<MarketEvent> input, RingPipeline<OutputMessage> output, JournalWriter journal,
        MarketDataIngestor? core, JetStreamIngestor? jetStream, EngineSet engines, OutputPublisher publisher, IngestionCounters counters, SymbolRegistry symbols)
    {
        _connections = connections;
        _input = input;
        _output = output;
        _journal = journal;
        _core = core;
        _jetStream = jetStream;
        Engines = engines;
        Publisher = publisher;
        Ingestion = counters;
        Symbols = symbols;
    }

    public SymbolRegistry Symbols { get; }
    /// <summary>The executors (one per engine.yaml entry; one in all with <c>--pipeline</c>/<c>--symbols</c>).</summary>
    public EngineSet Engines { get; }

    /// <summary>The first executor (the only one with <c>--pipeline</c>/<c>--symbols</c>).</summary>
    public SymbolExecutor Executor => Engines.Executors[0].Executor;
    public OutputPublisher Publisher { get; }
    public IngestionCounters Ingestion { get; }
    public JournalWriter Journal => _journal;
    public RingBuffer<MarketEvent> InputRing => _input.Ring;
    public RingBuffer<OutputMessage> OutputRing => _output.Ring;

    /// <summary>What recovery or warm-up replayed before going live (the first executor's; null when neither was asked for).</summary>
    public RecoveryResult? Recovery => Recoveries.Count > 0 ? Recoveries[0] : null;

    /// <summary>What recovery or warm-up replayed for each executor, in executor order (empty when neither was asked for).</summary>
    public IReadOnlyList<RecoveryResult> Recoveries { get; private set; } = [];

    /// <summary>The first executor's snapshot writer (null without a snapshot directory).</summary>
    public SnapshotWriter? Snapshots => _snapshots.Count > 0 ? _snapshots[0] : null;

    /// <summary>The durable mark of the outputs the NATS server has (JetStream mode; null otherwise).</summary>
    public OutputMarkWriter? OutputMarks => _marks;

    /// <summary>The database sink (null without <see cref="NatsLiveEngineOptions.Timescale"/>).</summary>
    public TimescaleSink? Sink => _sink;

    /// <summary>The live clock writing timer events into the input ring (null with <see cref="NatsLiveEngineOptions.ClockInterval"/> 0).</summary>
    public LiveClock? Clock { get; private init; }

    public static async Task<NatsLiveEngine> StartAsync(NatsLiveEngineOptions options, CancellationToken cancellationToken = default)
    {
        var symbols = new SymbolRegistry();
        var engines = options.Config is { } config
            ? EngineSet.Create(config, symbols)
            : EngineSet.Single(options.PipelinePath, options.InstrumentsPath, options.Symbols, symbols);
        if (options.Profile is null)
            engines.CheckCpus(); // a deployment profile pins by its own table
        var instruments = engines.Instruments;

        // what the journal already holds: JetStream re-deliveries up to it are duplicates
        var resumeAfter = options.JetStream ? LastSourceSequence(options.JournalDirectory, symbols) : 0;
        var journal = JournalWriter.Open(options.JournalDirectory, symbols, new JournalWriterOptions { Fsync = options.Fsync });
        NatsConnectionPair connections;
        try
        {
            connections = await NatsConnectionPair.ConnectAsync(options.External, options.Internal, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            journal.Dispose();
            throw;
        }
        var routing = new OutputRouting(symbols, engines.NodeName, engines.PortName);
        var publisher = new OutputPublisher(connections, symbols, routing, new PublicationOptions { Internal = options.PublishInternal, Public = options.PublishPublic, Source = "te" });
        // in no-loss mode outputs carry stream sequences, stable across restarts: a durable mark of what reached the
        // server lets a recovery publish again what died with the process (docs/recovery.md)
        var marks = options.JetStream && (options.PublishInternal || options.PublishPublic)
            ? new OutputMarkWriter(publisher, symbols, Path.Combine(options.JournalDirectory, OutputMarkFile))
            : null;
        var recoveries = new List<RecoveryResult>();
        try
        {
            // recovery / warm-up: every executor reaches the journal's end before the first live event (each replays the
            // journal for its own symbols, from its own snapshots)
            foreach (var e in engines.Executors)
            {
                var republish = marks is null ? ((OutputPublisher, long)?)null : (publisher, marks.PublishedThrough(e.Symbols));
                if (LiveRecovery.BeforeLive(e.Executor, symbols, journal, SnapshotDirectory(options, engines, e), options.Recover, options.WarmUp, republish) is { } recovered)
                    recoveries.Add(recovered);
            }
        }
        catch
        {
            if (marks is not null)
                await marks.DisposeAsync().ConfigureAwait(false);
            await connections.DisposeAsync().ConfigureAwait(false);
            journal.Dispose();
            throw;
        }
        marks?.Start();
        var snapshots = new List<SnapshotWriter>();
        TimescaleSink? sink = null;

        RingPipeline<MarketEvent>? startedInput = null;
        RingPipeline<OutputMessage>? startedOutput = null;
        LiveClock? clock = null;
        try
        {
            // thread names, cores, wait strategies and ring sizes: the deployment profile's when one is given, else the
            // engine config's (te run --config), else one blocking ring of options.RingSize each way
            var profile = options.Profile;
            var executors = engines.Executors;
            ProcessorOptions Thread(string name, int? cpu = null) => profile?.ProcessorOptionsFor(name) ?? new ProcessorOptions { Name = name, Cpu = cpu };
            var outputSize = profile?.OutputRingSize ?? options.Config?.OutputRing.Size ?? options.RingSize;
            var outputWait = profile?.WaitStrategyFor("publisher") ?? options.Config?.OutputRing.CreateWaitStrategy() ?? new BlockingWaitStrategy();
            // several executors publish into one output ring: it needs the multi-producer claim
            var output = new RingPipeline<OutputMessage>(executors.Count > 1
                ? RingBuffer<OutputMessage>.CreateMultiProducer(outputSize, outputWait)
                : RingBuffer<OutputMessage>.CreateSingleProducer(outputSize, outputWait));
            output.Add(new NatsOutputHandler(publisher), Thread("publisher"));
            // one wait strategy per ring: the input ring's consumers wait the way the (first) executor is told to
            var input = new RingPipeline<MarketEvent>(RingBuffer<MarketEvent>.CreateMultiProducer(
                profile?.InputRingSize ?? options.Config?.InputRing.Size ?? options.RingSize,
                profile?.WaitStrategyFor(executors[0].ThreadName) ?? options.Config?.InputRing.CreateWaitStrategy() ?? new BlockingWaitStrategy()));
            var journaler = input.Add(new Journaler(journal), Thread("journaler"));
            foreach (var e in executors)
            {
                // every executor reads the whole input ring and skips the symbols it does not own (SymbolExecutor.SharesInput)
                if (SnapshotDirectory(options, engines, e) is { } snapshotDirectory)
                {
                    var writer = LiveRecovery.CreateWriter(snapshotDirectory, options.Snapshots, journal,
                        marks is null ? null : () => marks.PublishedThrough(e.Symbols));
                    snapshots.Add(writer);
                    input.Add(LiveRecovery.CreateHandler(e.Executor, symbols, input.Ring, output.Ring, writer, options.Snapshots, journal), Thread(e.ThreadName, e.Config.Cpu));
                }
                else
                {
                    input.Add(new ExecutorRingHandler<OutputRingSink>(e.Executor, input.Ring, new OutputRingSink(output.Ring)) { DurableGate = journal.DurableRingSequence }, Thread(e.ThreadName, e.Config.Cpu));
                }
            }
            if (options.Timescale is { } database)
            {
                sink = new TimescaleSink(database, symbols, engines.NodeName);
                var (tickSource, outputSource) = SinkSources(options);
                input.Add(new TickRingSinkHandler(sink.OpenFeed(tickSource)), Thread("sink"));
                output.Add(new OutputRingSinkHandler(sink.OpenFeed(outputSource)), Thread("sink"));
                sink.Start(); // returns at once: the writer connects, migrates and retries on its own thread
            }
            output.Start();
            startedOutput = output;
            input.Start();
            startedInput = input;
            clock = options.ClockInterval > TimeSpan.Zero ? LiveClock.For(input.Ring, executors.Select(e => e.Executor), options.ClockInterval, options.ClockTime) : null;
            clock?.Start();

            var counters = new IngestionCounters();
            var decoder = new JsonInputDecoder(symbols, instruments);
            var ingestion = new IngestionOptions
            {
                Symbols = engines.Symbols,
                OutOfOrderTolerance = options.OutOfOrderTolerance,
                Instruments = instruments, // price bands (max_jump), clock skew
            };
            MarketDataIngestor? core = null;
            JetStreamIngestor? jetStream = null;
            if (options.JetStream)
            {
                // every input subject of the owned symbols comes from the engine's stream, in stream order
                jetStream = new JetStreamIngestor(connections.External, input.Ring, symbols, decoder, journal.DurableRingSequence, new JetStreamOptions
                {
                    StreamName = options.StreamName,
                    ConsumerName = options.ConsumerName,
                    ResumeAfter = (ulong)resumeAfter,
                    MaxBytes = options.StreamMaxBytes,
                }, ingestion, counters);
                await jetStream.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                core = new MarketDataIngestor(connections.External, input.Ring, symbols, decoder, ingestion, counters);
                await core.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            return new NatsLiveEngine(connections, input, output, journal, core, jetStream, engines, publisher, counters, symbols)
            {
                _snapshots = snapshots,
                _marks = marks,
                _sink = sink,
                Recoveries = recoveries,
                Clock = clock,
            };
        }
        catch
        {
            // ingestion refused to start (another engine owns the stream, the stream cannot be created): stop the
            // rings' threads, so the process can end with the error
            clock?.Dispose();
            startedInput?.Shutdown(TimeSpan.FromSeconds(5));
            startedOutput?.Shutdown(TimeSpan.FromSeconds(5));
            if (sink is not null)
                await sink.DisposeAsync().ConfigureAwait(false);
            foreach (var writer in snapshots)
                writer.Dispose();
            if (marks is not null)
                await marks.DisposeAsync().ConfigureAwait(false);
            await connections.DisposeAsync().ConfigureAwait(false);
            journal.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The sink's watermark sources. In no-loss mode ticks carry their JetStream stream sequence, stable across
    /// restarts, so one source per durable consumer resumes exactly once. Core NATS ticks carry no sequence (0): a
    /// watermark of (0, n) kept across restarts would make the next run skip its first n rows, so each run gets a
    /// source of its own and is exactly once within itself; what core NATS lost while the engine was down is lost
    /// (at most once), and the journal can be replayed into the sink to fill it.
    /// </summary>
    private static (string Ticks, string Outputs) SinkSources(NatsLiveEngineOptions options)
    {
        var prefix = options.JetStream
            ? $"live.jetstream.{options.ConsumerName}"
            : $"live.core.{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)}";
        return (prefix + ".ticks", prefix + ".outputs");
    }

    /// <summary>
    /// Where an executor keeps its snapshots: the snapshot directory itself when the process has one executor, a
    /// subdirectory named after the executor when it has several (each restores its own state).
    /// </summary>
    private static string? SnapshotDirectory(NatsLiveEngineOptions options, EngineSet engines, ExecutorInstance executor) =>
        options.SnapshotDirectory is not { } root ? null
        : engines.Executors.Count == 1 ? root
        : Path.Combine(root, executor.Config.Name);

    /// <summary>
    /// The highest stream sequence the journal holds (<see cref="JournalReader.SourceSequenceAtWrite"/>), read from the
    /// last segment that has one: segments follow the stream in order, so it is there, and the work is bounded by a
    /// segment whatever the journal's size. Gap events carry none (0), so the largest is taken, not the last.
    /// </summary>
    private static long LastSourceSequence(string directory, SymbolRegistry symbols)
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

    /// <summary>
    /// Stops in order: ingestion first (nothing new enters), then the input ring drains through journal and
    /// executor, then the output ring drains through the publisher (and the sink's handlers), then the connections
    /// close, then the sink writes what it holds.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        Clock?.Dispose();
        if (_core is not null)
            await _core.DisposeAsync().ConfigureAwait(false);
        if (_jetStream is not null)
        {
            _input.WaitUntilDrained(TimeSpan.FromSeconds(10));
            // the last acks: what the journal synced while we stopped
            await _jetStream.WaitForAcksAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            await _jetStream.DisposeAsync().ConfigureAwait(false);
        }
        var drained = _input.Shutdown(TimeSpan.FromSeconds(10));
        drained &= _output.Shutdown(TimeSpan.FromSeconds(10));
        foreach (var writer in _snapshots)
            writer.Dispose(); // after the executor's last snapshot (taken at its shutdown), before the journal closes
        _journal.Dispose(); // its last sync: the durable source sequence is the journal's end
        if (_marks is not null)
        {
            // drained: every journaled event ran and its outputs went out, so the last snapshot needs no republishing
            if (drained)
                await _marks.StopAsync(Engines.Symbols, _journal.DurableSourceSequence.Value).ConfigureAwait(false);
            await _marks.DisposeAsync().ConfigureAwait(false);
        }
        await _connections.DisposeAsync().ConfigureAwait(false);
        if (_sink is not null)
        {
            // last, so a writer that failed for good (its exception comes out here) leaves nothing else open. The ring
            // handlers handed over their last rows at shutdown: write them, but never hang on a dead database.
            await using (_sink.ConfigureAwait(false))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await _sink.StopAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // abandoned: the rows after the committed watermark are still in the journal
                }
            }
        }
    }
}
