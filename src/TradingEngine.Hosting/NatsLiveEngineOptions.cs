using TradingEngine.Engine.Hosting;
using TradingEngine.Engine.Runtime;
using TradingEngine.Hosting.Recovery;
using TradingEngine.Journal;
using TradingEngine.Nats;
using TradingEngine.Timescale;

namespace TradingEngine.Hosting;

/// <summary>What <see cref="NatsLiveEngine"/> runs and where it connects.</summary>
public sealed record NatsLiveEngineOptions
{
    /// <summary>The pipeline every symbol runs (with <see cref="Symbols"/>; ignored when <see cref="Config"/> is set).</summary>
    public string PipelinePath { get; init; } = "";

    /// <summary>The instrument registry (ignored when <see cref="Config"/> is set: the config names its own).</summary>
    public string InstrumentsPath { get; init; } = "";

    /// <summary>The symbols the one executor owns (ignored when <see cref="Config"/> is set).</summary>
    public IReadOnlyList<string> Symbols { get; init; } = [];

    /// <summary>
    /// An engine config (pipelines/engine.yaml): one executor per entry, each with its symbols and their pipelines,
    /// its thread name and core, and the rings' sizes and wait strategies. Null: one executor for <see cref="Symbols"/>
    /// on <see cref="PipelinePath"/>.
    /// </summary>
    public TradingEngine.Engine.Runtime.EngineConfig? Config { get; init; }

    /// <summary>The node kinds <see cref="Config"/>'s pipelines may use (null: <see cref="NodeCatalogs.Standard"/>; tests add their own kinds).</summary>
    public TradingEngine.Engine.Dag.NodeCatalog? Catalog { get; init; }

    public required string JournalDirectory { get; init; }
    public required NatsEndpoint External { get; init; }
    public NatsEndpoint? Internal { get; init; }
    /// <summary>No-loss ingestion of every input subject through the engine's JetStream stream and durable consumer.</summary>
    public bool JetStream { get; init; }
    public string ConsumerName { get; init; } = "te-engine";

    /// <summary>The engine's stream (one per engine process: it captures the owned symbols' input subjects).</summary>
    public string StreamName { get; init; } = new JetStreamOptions().StreamName;

    /// <summary>Most bytes the stream holds before it refuses publishes (<see cref="JetStreamOptions.MaxBytes"/>).</summary>
    public long StreamMaxBytes { get; init; } = new JetStreamOptions().MaxBytes;

    /// <summary>Replicas of the engine's stream (and of the snapshot bucket) in a JetStream cluster (docs/scaling.md).</summary>
    public int StreamReplicas { get; init; } = 1;

    /// <summary>JetStream mode with snapshots: also keep them on the bus and restore from there on a fresh state directory (docs/scaling.md).</summary>
    public Serving.SnapshotBusOptions? SnapshotBus { get; init; }
    public bool PublishInternal { get; init; } = true;

    /// <summary>Candles among the published outputs (<see cref="PublicationOptions.Candles"/>; off for <c>te serve executor</c>).</summary>
    public bool PublishCandles { get; init; } = true;

    /// <summary>Applied to each pipeline of <see cref="Config"/> as loaded (<c>te serve aggregator</c>: candles only); null: as written.</summary>
    public Func<TradingEngine.Engine.Pipelines.PipelineSpec, TradingEngine.Engine.Pipelines.PipelineSpec>? PipelineShape { get; init; }
    public bool PublishPublic { get; init; } = true;
    public int RingSize { get; init; } = 65_536;
    public TimeSpan OutOfOrderTolerance { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Wall-clock time between the live clock's timer events (<see cref="LiveClock"/>; default 1 s); zero: no clock.</summary>
    public TimeSpan ClockInterval { get; init; } = LiveClock.DefaultInterval;

    /// <summary>The wall clock the live clock reads (null: the system's); tests shift it to meet a minute's end without waiting for one.</summary>
    public TimeProvider? ClockTime { get; init; }
    public JournalFsyncPolicy Fsync { get; init; } = JournalFsyncPolicy.PerBatch;

    /// <summary>
    /// Bare-metal deployment profile (native-profiles/*.yaml): pins the executor, journaler and publisher threads,
    /// picks their wait strategies and sizes the rings; null: unpinned, blocking waits, <see cref="RingSize"/>.
    /// </summary>
    public DeploymentProfile? Profile { get; init; }

    // --- recovery and warm-up (docs/recovery.md) ---

    /// <summary>Where the executor writes its snapshots (null: it takes none).</summary>
    public string? SnapshotDirectory { get; init; }

    /// <summary>When the executor takes a snapshot, and how many it keeps.</summary>
    public SnapshotPolicy Snapshots { get; init; } = new();

    /// <summary>Before going live: restore the newest good snapshot and replay the journal after it.</summary>
    public bool Recover { get; init; }

    /// <summary>Before going live: replay the journal's last span of event time (when no snapshot was restored).</summary>
    public TimeSpan? WarmUp { get; init; }

    /// <summary>
    /// How long the NATS publisher may sit with its output ring full, not moving, before the executors drop its outputs
    /// (counted, <see cref="NatsLiveEngine.PublisherDroppedOutputs"/>) rather than wait; null:
    /// <see cref="OutputDrops.DefaultStallTimeout"/>.
    /// </summary>
    public TimeSpan? PublisherStallTimeout { get; init; }

    /// <summary>
    /// <c>te run --pg</c>: store trade prints and outputs in PostgreSQL/TimescaleDB through the Timescale sink, attached
    /// as gated consumers of both rings (docs/timescale.md); null: no database sink.
    /// </summary>
    public TimescaleOptions? Timescale { get; init; }

    /// <summary>
    /// Sample every executor's tick → output latency (<see cref="OutputLatencySampler"/>) for the metrics endpoint
    /// (<c>te run --metrics</c>; docs/observability.md). Off: the executors count their outputs in nothing extra.
    /// </summary>
    public bool SampleLatency { get; init; }

    /// <summary>
    /// <c>--continuous ROOT</c> (docs/rolls.md "Live runs"): one pipeline for the root, fed the unadjusted front-month
    /// series of its contracts (<see cref="Symbols"/> are then the contracts subscribed to, or empty: every subject), with
    /// the roll events of <c>te replay --continuous ROOT --adjust none</c>. Needs <see cref="Config"/>,
    /// <see cref="SnapshotDirectory"/>, <see cref="Recover"/> and <see cref="WarmUp"/> unset. Null: each symbol its own.
    /// </summary>
    public string? Continuous { get; init; }

    /// <summary>With <see cref="SampleLatency"/>: one input event in this many is sampled (a power of two; 1: every event).</summary>
    public int LatencySampleEvery { get; init; } = OutputLatencySampler.DefaultSampleEvery;
}
