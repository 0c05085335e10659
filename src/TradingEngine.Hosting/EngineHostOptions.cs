using TradingEngine.Engine.Hosting;
using TradingEngine.Hosting.Recovery;
using TradingEngine.Journal;

namespace TradingEngine.Hosting;

/// <summary>What <see cref="EngineHost"/> needs besides the engine: where it journals and snapshots, how it recovers, how its threads wait.</summary>
public sealed record EngineHostOptions
{
    /// <summary>
    /// The journal directory. One executor journals into it; several each journal into a subdirectory named after
    /// the executor (a journal per input ring: executors share no state, so each journal replays on its own).
    /// </summary>
    public required string JournalDirectory { get; init; }

    public JournalFsyncPolicy Fsync { get; init; } = JournalFsyncPolicy.PerBatch;

    /// <summary>Both rings' size, over the engine config's (a profile's sizes win over both); null: the engine config's.</summary>
    public int? RingSize { get; init; }

    /// <summary>Cores, wait strategies (per thread) and ring sizes; null: the engine config's rings, unpinned.</summary>
    public DeploymentProfile? Profile { get; init; }

    /// <summary>Where snapshots go (a subdirectory per executor when there are several); null: none.</summary>
    public string? SnapshotDirectory { get; init; }

    public SnapshotPolicy Snapshots { get; init; } = new();

    public bool Recover { get; init; }

    public TimeSpan? WarmUp { get; init; }

    /// <summary>Read each journal's highest source sequence at open (JetStream resumes from them).</summary>
    public bool ReadSourceSequences { get; init; }

    /// <summary>
    /// How long a consumer under <see cref="OutputOverflow.Drop"/> (the NATS publisher) may sit with its ring full and
    /// not move before the executors drop its outputs (counted); null: <see cref="OutputDrops.DefaultStallTimeout"/>.
    /// </summary>
    public TimeSpan? OutputStallTimeout { get; init; }

    /// <summary>
    /// How long a journaler, sink or publisher thread waits with nothing to read before its handler is told the ring is
    /// quiet (the sink hands over its last partly filled chunk, an interval journal syncs); 100 ms by default.
    /// </summary>
    public TimeSpan IdleInterval { get; init; } = DefaultIdleInterval;

    /// <summary>The default <see cref="IdleInterval"/>: well inside the sink's flush interval and the journal's fsync interval.</summary>
    public static readonly TimeSpan DefaultIdleInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// <c>te run --continuous ROOT</c>: the one executor's input (every symbol's, so each contract of the root) goes
    /// through this series before the executor (<see cref="ContinuousRingHandler{TSink}"/>); null: each symbol as it comes.
    /// </summary>
    public TradingEngine.Journal.Continuous.LiveContinuousSeries? Continuous { get; init; }
}
