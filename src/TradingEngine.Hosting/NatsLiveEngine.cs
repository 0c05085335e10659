using TradingEngine.Engine.Runtime;
using TradingEngine.Hosting.Consumers;
using TradingEngine.Hosting.Recovery;
using TradingEngine.Hosting.Sources;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Ring;
using TradingEngine.Timescale.Sink;
using TradingEngine.Types;

namespace TradingEngine.Hosting;

/// <summary>
/// The live engine of <c>te run</c>: the <see cref="EngineHost"/> with a NATS input source (core subjects, or in
/// no-loss mode the engine's JetStream stream read in stream order through a durable consumer that acks only what the
/// journals have made durable) and the NATS publisher (and the database sink) as output consumers:
/// NATS → input ring per executor → journaler ∥ executor → output ring → publisher ∥ sink.
/// The executors come from <see cref="EngineFactory"/>, like <c>te replay</c>'s, so a replay of this run's journals
/// runs the same compiled graphs and gives the same outputs.
/// </summary>
public sealed class NatsLiveEngine : IAsyncDisposable
{
    private readonly NatsConnectionPair _connections;
    private readonly EngineHost _host;
    private bool _disposed;
    private OutputMarkWriter? _marks;

    /// <summary>The output mark's file in the journal directory (JetStream mode): what reached the NATS server, per symbol.</summary>
    public const string OutputMarkFile = "outputs.published";
    private TimescaleSink? _sink;

    private NatsLiveEngine(NatsConnectionPair connections, EngineHost host, OutputPublisher publisher, IngestionCounters counters)
    {
        _connections = connections;
        _host = host;
        Publisher = publisher;
        Ingestion = counters;
    }

    /// <summary>The live clock writing timer events into the input rings (null with <see cref="NatsLiveEngineOptions.ClockInterval"/> 0).</summary>
    public LiveClock? Clock { get; private init; }

    /// <summary>The root's live series of <c>--continuous ROOT</c> (its rolls and the events it left out, by reason); null otherwise.</summary>
    public TradingEngine.Journal.Continuous.LiveContinuousSeries? Continuous { get; private init; }

    /// <summary>The NATS connections (external and internal), for health and metrics.</summary>
    public NatsConnectionPair Connections => _connections;

    /// <summary>The host: rings, executors, journals, consumers, sources.</summary>
    public EngineHost Host => _host;

    public SymbolRegistry Symbols => _host.Symbols;

    /// <summary>The executors (one per engine.yaml entry; one in all with <c>--pipeline</c>/<c>--symbols</c>).</summary>
    public EngineSet Engines => _host.Engines;

    /// <summary>The first executor (the only one with <c>--pipeline</c>/<c>--symbols</c>).</summary>
    public SymbolExecutor Executor => Engines.Executors[0].Executor;
    public OutputPublisher Publisher { get; }

    /// <summary>After <see cref="DisposeAsync"/>: the servers confirmed every output published before the stop (false: a connection had failed or 10 s passed).</summary>
    public bool FlushedAtStop { get; private set; }
    public IngestionCounters Ingestion { get; }

    /// <summary>The first executor's journal (the only one with one executor).</summary>
    public JournalWriter Journal => _host.Journals[0];

    /// <summary>Every executor's journal, in executor order.</summary>
    public IReadOnlyList<JournalWriter> Journals => _host.Journals;

    /// <summary>The first executor's input ring.</summary>
    public RingBuffer<MarketEvent> InputRing => _host.Inputs[0].Ring;

    /// <summary>Every executor's input ring, in executor order.</summary>
    public IReadOnlyList<RingBuffer<MarketEvent>> InputRings => _host.Inputs.Select(p => p.Ring).ToArray();
    /// <summary>The NATS publisher's output ring (each consumer has its own: <see cref="EngineHost.Outputs"/>).</summary>
    public RingBuffer<OutputMessage> OutputRing => _host.Outputs[0].Ring;

    /// <summary>Outputs dropped for the NATS publisher because its ring was full (a stalled server; <see cref="OutputOverflow.Drop"/>).</summary>
    public long PublisherDroppedOutputs => _host.DroppedOutputs(0);

    /// <summary>What recovery or warm-up replayed before going live (the first executor's; null when neither was asked for).</summary>
    public RecoveryResult? Recovery => Recoveries.Count > 0 ? Recoveries[0] : null;

    /// <summary>What recovery or warm-up replayed for each executor, in executor order (empty when neither was asked for).</summary>
    public IReadOnlyList<RecoveryResult> Recoveries { get; private set; } = [];

    /// <summary>The first executor's snapshot writer (null without a snapshot directory).</summary>
    public SnapshotWriter? Snapshots => _host.Snapshots.Count > 0 ? _host.Snapshots[0] : null;

    /// <summary>The durable mark of the outputs the NATS server has (JetStream mode; null otherwise).</summary>
    public OutputMarkWriter? OutputMarks => _marks;

    /// <summary>The group's snapshots on the bus (null without <see cref="NatsLiveEngineOptions.SnapshotBus"/>).</summary>
    public Serving.SnapshotBus? SnapshotBus { get; private init; }

    /// <summary>The database sink (null without <see cref="NatsLiveEngineOptions.Timescale"/>).</summary>
    public TimescaleSink? Sink => _sink;

    public static async Task<NatsLiveEngine> StartAsync(NatsLiveEngineOptions options, CancellationToken cancellationToken = default)
    {
        var symbols = new SymbolRegistry();
        var continuous = LiveContinuousInput.Check(options);
        var engines = options.Config is { } config
            ? EngineSet.Create(config, symbols, options.Catalog, options.PipelineShape)
            : EngineSet.Single(options.PipelinePath, options.InstrumentsPath, continuous is null ? options.Symbols : [continuous], symbols);
        if (options.Profile is null)
            engines.CheckCpus(); // a deployment profile pins by its own table
        if (options.SampleLatency)
        {
            foreach (var e in engines.Executors)
                e.Executor.OutputLatency = new OutputLatencySampler(sampleEvery: options.LatencySampleEvery); // read by the executors' ring handlers (docs/observability.md)
        }
        var instruments = engines.Instruments;
        var series = continuous is null ? null : LiveContinuousInput.Series(continuous, engines, symbols, options.Symbols);

        var host = EngineHost.Open(engines, symbols, new EngineHostOptions
        {
            JournalDirectory = options.JournalDirectory,
            Fsync = options.Fsync,
            RingSize = options.Config is null ? options.RingSize : null,
            Profile = options.Profile,
            SnapshotDirectory = options.SnapshotDirectory,
            Snapshots = options.Snapshots,
            Recover = options.Recover,
            WarmUp = options.WarmUp,
            OutputStallTimeout = options.PublisherStallTimeout,
            ReadSourceSequences = options.JetStream,
            Continuous = series,
        });
        if (options.SampleLatency)
        {
            foreach (var journal in host.Journals)
                journal.SampleLatency(); // frame append and fsync times for the metrics endpoint (docs/observability.md)
        }
        NatsConnectionPair connections;
        try
        {
            connections = await NatsConnectionPair.ConnectAsync(options.External, options.Internal, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.AbortAsync().ConfigureAwait(false);
            throw;
        }
        var routing = new OutputRouting(symbols, engines.NodeName, engines.PortName);
        var publisher = new OutputPublisher(connections, symbols, routing, new PublicationOptions { Internal = options.PublishInternal, Public = options.PublishPublic, Candles = options.PublishCandles, Source = "te" });
        // in no-loss mode outputs carry stream sequences, stable across restarts: a durable mark of what reached the
        // server lets a recovery publish again what died with the process (docs/recovery.md)
        var marks = options.JetStream && (options.PublishInternal || options.PublishPublic)
            ? new OutputMarkWriter(publisher, symbols, Path.Combine(options.JournalDirectory, OutputMarkFile)) { DroppedOutputs = () => host.DroppedOutputs(0) }
            : null;
        IReadOnlyList<RecoveryResult> recoveries;
        try
        {
            recoveries = host.Recover(marks is null ? null : e => (publisher, marks.PublishedThrough(e.Symbols)));
        }
        catch
        {
            if (marks is not null)
                await marks.DisposeAsync().ConfigureAwait(false);
            await connections.DisposeAsync().ConfigureAwait(false);
            await host.AbortAsync().ConfigureAwait(false);
            throw;
        }
        marks?.Start();
        TimescaleSink? sink = null;
        Serving.SnapshotBus? bus = null;
        try
        {
            // a fresh state directory restores the group's snapshot from the bus and resumes the stream after it
            long restoredThrough = 0;
            if (options.SnapshotBus is { } busOptions && options.JetStream)
            {
                bus = new Serving.SnapshotBus(connections.External, busOptions, options.StreamName);
                restoredThrough = await bus.RestoreAsync(engines, symbols, host.Journals, options.ConsumerName, cancellationToken).ConfigureAwait(false);
            }
            var consumers = new List<IOutputConsumer> { new NatsPublisherConsumer(publisher) };
            if (options.Timescale is { } database)
            {
                sink = new TimescaleSink(database, symbols, engines.NodeName);
                var (tickSource, outputSource) = SinkSources(options);
                consumers.Add(new TimescaleSinkConsumer(sink, tickSource, outputSource));
            }
            host.Start(consumers, marks is null ? null : e => () => marks.PublishedThrough(e.Symbols));
            if (bus is not null)
            {
                foreach (var writer in host.Snapshots)
                    bus.Attach(writer);
            }

            var counters = new IngestionCounters();
            var decoder = new JsonInputDecoder(symbols, instruments);
            var ingestion = new IngestionOptions
            {
                Symbols = continuous is null ? engines.Symbols : options.Symbols, // continuous: the contracts' subjects
                OutOfOrderTolerance = options.OutOfOrderTolerance,
                Instruments = instruments, // price bands (max_jump), clock skew
            };
            // every input subject of the owned symbols comes from the engine's stream, in stream order, or from core NATS
            IInputSource source = options.JetStream
                ? new JetStreamSource(connections.External, decoder, new JetStreamOptions
                {
                    StreamName = options.StreamName,
                    ConsumerName = options.ConsumerName,
                    MaxBytes = options.StreamMaxBytes,
                    Replicas = options.StreamReplicas,
                    ResumeAfter = (ulong)restoredThrough,
                    PinName = bus?.PinName,
                }, ingestion, counters)
                : new NatsCoreSource(connections.External, decoder, ingestion, counters);
            await host.AddSourceAsync(source, cancellationToken).ConfigureAwait(false);
            // the live clock: timers into every executor's ring, journaled like the ticks (no clock with interval 0)
            LiveClockSource? clock = null;
            if (options.ClockInterval > TimeSpan.Zero)
                await host.AddSourceAsync(clock = new LiveClockSource(engines, options.ClockInterval, options.ClockTime), cancellationToken).ConfigureAwait(false);
            return new NatsLiveEngine(connections, host, publisher, counters)
            {
                _marks = marks,
                _sink = sink,
                SnapshotBus = bus,
                Recoveries = recoveries,
                Clock = clock?.Clock,
                Continuous = series,
            };
        }
        catch
        {
            // ingestion refused to start (another engine owns the stream, the stream cannot be created): stop the
            // rings' threads, so the process can end with the error
            await host.AbortAsync().ConfigureAwait(false);
            if (sink is not null && host.Consumers.Count == 0)
                await sink.DisposeAsync().ConfigureAwait(false);
            if (marks is not null)
                await marks.DisposeAsync().ConfigureAwait(false);
            if (bus is not null)
                await bus.DisposeAsync().ConfigureAwait(false);
            await connections.DisposeAsync().ConfigureAwait(false);
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
    /// Stops in order: ingestion first (nothing new enters), then the input ring drains through journal and
    /// executor, then the output ring drains through the publisher (and the sink's handlers), then the connections
    /// close, then the sink writes what it holds.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        var drained = await _host.StopAsync().ConfigureAwait(false);
        if (SnapshotBus is not null)
            await SnapshotBus.DisposeAsync().ConfigureAwait(false); // the last snapshot written goes up before the connections close
        if (_marks is not null)
        {
            // drained: every journaled event ran and its outputs went out, so the last snapshot needs no republishing.
            // Stream sequences are global: the furthest journal's end covers every symbol
            if (drained)
                await _marks.StopAsync(Engines.Symbols, _host.Journals.Max(j => j.DurableSourceSequence.Value)).ConfigureAwait(false);
            await _marks.DisposeAsync().ConfigureAwait(false);
        }
        // the publisher's last outputs may still sit in the connections' write buffers: disposing a connection closes
        // its socket without writing them (a clean stop in core mode lost the last ~140 outputs of a burst that way).
        // A PING's PONG comes after everything written before it, so this returns once the server has them all
        using (var flush = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                FlushedAtStop = await Publisher.PingAsync(flush.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                FlushedAtStop = false;
            }
        }
        await _connections.DisposeAsync().ConfigureAwait(false);
        // last, so a writer that failed for good (its exception comes out here) leaves nothing else open
        await _host.StopConsumersAsync().ConfigureAwait(false);
    }
}
