using TradingEngine.Journal;
using TradingEngine.Nats;

namespace TradingEngine.Cli.Commands;

/// <summary>What <see cref="NatsLiveEngine"/> runs and where it connects.</summary>
public sealed record NatsLiveEngineOptions
{
    public required string PipelinePath { get; init; }
    public required string InstrumentsPath { get; init; }
    public required IReadOnlyList<string> Symbols { get; init; }
    public required string JournalDirectory { get; init; }
    public required NatsEndpoint External { get; init; }
    public NatsEndpoint? Internal { get; init; }
    /// <summary>No-loss tick ingestion through a JetStream durable consumer.</summary>
    public bool JetStream { get; init; }
    public string ConsumerName { get; init; } = "te-engine";
    public bool PublishInternal { get; init; } = true;
    public bool PublishPublic { get; init; } = true;
    public int RingSize { get; init; } = 65_536;
    public TimeSpan OutOfOrderTolerance { get; init; } = TimeSpan.FromSeconds(1);
    public JournalFsyncPolicy Fsync { get; init; } = JournalFsyncPolicy.PerBatch;
}
